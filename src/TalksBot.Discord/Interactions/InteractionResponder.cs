using TalksBot.Discord.Api;
using TalksBot.Discord.Rest;

namespace TalksBot.Discord.Interactions;

/// <summary>Sends the first response to an interaction: over REST for the gateway, in the HTTP response for the endpoint.</summary>
internal interface IInteractionResponder
{
    Task RespondAsync(InteractionResponse response, CancellationToken cancellationToken);

    /// <summary>Completes once Discord has the first response, so an edit of the original cannot overtake it.</summary>
    Task Delivered { get; }
}

/// <summary>Gateway interactions are answered with <c>POST /interactions/{id}/{token}/callback</c>.</summary>
internal sealed class RestInteractionResponder(DiscordRestClient rest, Interaction interaction) : IInteractionResponder
{
    /// <summary>Discord has the response when its POST returns.</summary>
    public Task Delivered => Task.CompletedTask;

    public Task RespondAsync(InteractionResponse response, CancellationToken cancellationToken) =>
        rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, response, cancellationToken);
}

/// <summary>HTTP interactions are answered in the body of Discord's POST: the first response completes the request.</summary>
internal sealed class HttpInteractionResponder : IInteractionResponder
{
    private readonly TaskCompletionSource<InteractionResponse> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<InteractionResponse> Response => _response.Task;

    public Task Delivered => _delivered.Task;

    /// <summary>The endpoint has written the response (or given up on the request).</summary>
    public void MarkDelivered() => _delivered.TrySetResult();

    public Task RespondAsync(InteractionResponse response, CancellationToken cancellationToken)
    {
        if (!_response.TrySetResult(response))
        {
            throw new InvalidOperationException("This interaction was already answered.");
        }

        return Task.CompletedTask;
    }
}
