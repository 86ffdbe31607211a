using System.ComponentModel.DataAnnotations;

namespace TalksBot;

/// <summary>Shutdown (configuration section <c>Host</c>): how long work in hand may take after SIGTERM before it is abandoned.</summary>
internal sealed class ShutdownOptions
{
    public const string Section = "Host";

    /// <summary>Becomes the host's shutdown time-out; interactions received before the signal get this long to be answered.</summary>
    [Range(0, 600, ErrorMessage = "Host:ShutdownGraceSeconds must be a number of seconds from 0 to 600.")]
    public int ShutdownGraceSeconds { get; set; } = 10;
}
