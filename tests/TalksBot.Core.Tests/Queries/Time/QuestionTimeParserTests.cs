using TalksBot.Core.Queries.Time;
using static TalksBot.Core.Tests.Queries.Time.QuestionTimeAssert;

namespace TalksBot.Core.Tests.Queries.Time;

/// <summary>The and the eval's questions, "now"/"latest" words, "today", and what is left for the search.</summary>
public sealed class QuestionTimeParserTests
{
    [Theory]
    [InlineData("What neutrality does Russia's June 2025 memorandum require of Ukraine?", "2025-06-01", "2025-06-30", "June 2025")]
    [InlineData("How many coalition members pledged contributions to the reassurance force in September 2025?", "2025-09-01", "2025-09-30", "September 2025")]
    [InlineData("What did Rubio and Lavrov agree in Riyadh in February 2025?", "2025-02-01", "2025-02-28", "February 2025")]
    [InlineData("What went wrong in the Oval Office on 28 February 2025?", "2025-02-28", "2025-02-28", "28 February 2025")]
    [InlineData("How much of the 20-point plan did Zelenskyy say was agreed in Florida in late December?", "2025-12-21", "2025-12-31", "late December 2025")]
    [InlineData("what happened in the talks last week?", "2026-11-23", "2026-11-29", "last week")]
    [InlineData("What was agreed at the talks in September 2026?", "2026-09-01", "2026-09-30", "September 2026")]
    [InlineData("Did a ceasefire start this summer?", "2026-06-01", "2026-08-31", "this summer")]
    [InlineData("Did Ukraine hold its referendum on the peace deal this year?", "2026-01-01", "2026-12-31", "this year")]
    [InlineData("istambul talks 2025", "2025-01-01", "2025-12-31", "2025")]
    [InlineData("Did Russia attack Kyiv last night?", "2026-11-29", "2026-11-30", "last night")]
    public void Parse_EvalQuestionWithATime_GivesItsWindowAndLabel(string question, string from, string to, string label) =>
        Window(Parse(question), from, to, label);

    [Theory]
    [InlineData("Would Kyiv agree to stop fighting where the armies stand today?", TimeReference.Present)]
    [InlineData("What is the price of bitcoin today?", TimeReference.Present)]
    [InlineData("What is the current state of the peace talks?", TimeReference.Present)]
    [InlineData("What is the latest development in the talks?", TimeReference.Latest)]
    [InlineData("What is the latest news?", TimeReference.Latest)]
    [InlineData("Where will the next round of talks be held?", TimeReference.Latest)]
    [InlineData("When is the next Putin Trump summit?", TimeReference.Latest)]
    public void Parse_EvalQuestionAboutNow_GivesPresentOrLatestWithoutWindow(string question, TimeReference expected)
    {
        var time = Parse(question);

        Assert.Equal(expected, time.Reference);
        Assert.Null(time.Window);
    }

    [Theory]
    [InlineData("What does Russia demand from Ukraine?")]
    [InlineData("Russia may accept the plan")]
    [InlineData("Will Russian troops march on Kyiv?")]
    [InlineData("Did Russia agree to march?")]
    [InlineData("What did Jan Lipavsky say about the talks?")]
    [InlineData("What is in the 28-point plan?")]
    [InlineData("How is the €90bn loan for Ukraine funded?")]
    [InlineData("Were the 157 prisoners exchanged?")]
    [InlineData("Were 2000 prisoners exchanged?")]
    [InlineData("Were 2,000 prisoners freed at a cost of $2025?")]
    [InlineData("Is 3.5% of GDP enough, or 2030.5?")]
    [InlineData("What did the Su-2000 and COVID-2020 programmes cost?")]
    [InlineData("Are there any more talks planned with the US?")]
    [InlineData("What happened after the fall of Avdiivka?")]
    [InlineData("Who was at the table in Istanbul?")]
    [InlineData("Was the Good Friday agreement mentioned?")]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_QuestionWithoutTime_IsNoneAndKeepsTheQuestion(string question) => NoTime(question);

    [Theory]
    [InlineData("Is there a ceasefire now?")]
    [InlineData("What is Russia currently demanding?")]
    [InlineData("What is the current position of the EU?")]
    [InlineData("Does Russia still demand Crimea?")]
    [InlineData("What is the position at the moment?")]
    [InlineData("What is Ukraine's position at present?")]
    [InlineData("What does the US want these days?")]
    [InlineData("Who mediates nowadays?")]
    [InlineData("What has been agreed so far?")]
    [InlineData("Does Russia want Crimea anymore?")]
    [InlineData("Does Russia want Crimea any more?")]
    [InlineData("What is the position as of now?")]
    [InlineData("Who leads the talks right now?")]
    [InlineData("How many prisoners have been exchanged to date?")]
    public void Parse_PresentWord_IsPresent(string question)
    {
        var time = Parse(question);

        Assert.Equal(TimeReference.Present, time.Reference);
        Assert.Null(time.Window);
    }

    [Theory]
    [InlineData("What is the newest position of Russia?")]
    [InlineData("What is the most recent round of talks?")]
    [InlineData("What did Witkoff say recently?")]
    [InlineData("Has anything changed lately?")]
    [InlineData("Any news on the ceasefire?")]
    [InlineData("What's new on the ceasefire?")]
    [InlineData("What’s new in the talks?")]
    [InlineData("What is new with the energy truce?")]
    [InlineData("Any updates on the prisoner exchange?")]
    [InlineData("Is there an update on the Black Sea deal?")]
    [InlineData("What did Russia say in recent weeks?")]
    [InlineData("What are the recent developments?")]
    public void Parse_LatestWord_IsLatest(string question)
    {
        var time = Parse(question);

        Assert.Equal(TimeReference.Latest, time.Reference);
        Assert.Null(time.Window);
    }

    [Fact]
    public void Parse_LatestAndPresentWords_LatestWins() =>
        Assert.Equal(TimeReference.Latest, Parse("What is the latest on the talks now?").Reference);

    [Theory]
    [InlineData("What is the latest from September 2026?", "2026-09-01", "2026-09-30", "September 2026")]
    [InlineData("Is Russia still demanding Crimea since March 2026?", "2026-03-01", "2026-11-30", "since March 2026")]
    [InlineData("What is the most recent news from last week?", "2026-11-23", "2026-11-29", "last week")]
    public void Parse_WindowWithLatestOrPresentWords_WindowWins(string question, string from, string to, string label) =>
        Window(Parse(question), from, to, label);

    [Theory]
    [InlineData("What happened today?")]
    [InlineData("Did anything happen today?")]
    [InlineData("Was anything signed today?")]
    [InlineData("What took place in Geneva today?")]
    [InlineData("What happened at today's talks?")]
    public void Parse_TodayInAQuestionAboutWhatHappened_IsTodaysWindow(string question) =>
        Window(Parse(question), "2026-11-30", "2026-11-30", "today");

    [Theory]
    [InlineData("Is the ceasefire holding today?")]
    [InlineData("Where does the front line stand as of today?")]
    [InlineData("What is Russia's position today?")]
    public void Parse_TodayInAQuestionAboutNow_IsPresent(string question) =>
        Assert.Equal(TimeReference.Present, Parse(question).Reference);

    [Theory]
    [InlineData("Does Russia still demand Crimea?", "Does Russia demand Crimea?")]
    [InlineData("What was agreed at the talks in September 2026?", "What was agreed at the talks?")]
    [InlineData("What did Rubio and Lavrov agree in Riyadh in February 2025?", "What did Rubio and Lavrov agree in Riyadh?")]
    [InlineData("What is the latest news on the ceasefire?", "What is the news on the ceasefire?")]
    [InlineData("What is Russia currently demanding?", "What is Russia demanding?")]
    [InlineData("what happened in the talks last week?", "what happened in the talks?")]
    [InlineData("What has Witkoff said   over the past week about the Donbas?", "What has Witkoff said about the Donbas?")]
    [InlineData("So far, has Russia accepted any of it?", "has Russia accepted any of it?")]
    [InlineData("What did Putin say, since March?", "What did Putin say?")]
    [InlineData("Who met in Geneva (in November 2025) and why?", "Who met in Geneva and why?")]
    [InlineData("What did the NATO summit at the end of June 2025 decide?", "What did the NATO summit decide?")]
    [InlineData("What did RUSSIA say in mid-December 2025 about NATO?", "What did RUSSIA say about NATO?")]
    [InlineData("How many prisoners were exchanged on 19 May 2025 and 23 May 2025?", "How many prisoners were exchanged?")]
    [InlineData("What happened in 2025, early 2026 or since?", "What happened or since?")]
    public void Parse_QuestionWithTime_RemainderDropsTheTimeAndReadsAsASentence(string question, string remainder) =>
        Assert.Equal(remainder, Parse(question).Remainder);
}
