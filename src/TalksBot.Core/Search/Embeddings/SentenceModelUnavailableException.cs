namespace TalksBot.Core.Search.Embeddings;

/// <summary>The sentence model cannot be loaded (its file or its weights file is missing, or it is not a model); the message says what to do.</summary>
public sealed class SentenceModelUnavailableException : Exception
{
    public SentenceModelUnavailableException()
    {
    }

    public SentenceModelUnavailableException(string message)
        : base(message)
    {
    }

    public SentenceModelUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
