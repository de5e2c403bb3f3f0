using OpsConsole.Demo;

namespace OpsConsole.Tests.Demo;

public sealed class DemoTicketsTests
{
    private static readonly TicketFacts Facts = new("《Rust 异步编程指南》", "demo-123", 299m, new DateTime(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc),
        "android", 7, "annual", "SAVE20", "王伟");

    // By name: the topic enum is internal to the generator.
    public static TheoryData<string, bool> TopicsAndLanguages()
    {
        var data = new TheoryData<string, bool>();
        foreach (var topic in Enum.GetNames<TicketTopic>())
        {
            data.Add(topic, true);
            data.Add(topic, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TopicsAndLanguages))]
    public void Write_AnyTopicAndLanguage_FillsEveryPlaceholder(string topicName, bool chinese)
    {
        var topic = Enum.Parse<TicketTopic>(topicName);
        var rng = new DemoRandom(5, (long)topic);

        for (var i = 0; i < 40; i++)
        {
            var (subject, body) = DemoTickets.Write(rng, topic, chinese, Facts);

            Assert.False(string.IsNullOrWhiteSpace(subject));
            Assert.False(string.IsNullOrWhiteSpace(body));
            Assert.DoesNotContain("{", subject + body, StringComparison.Ordinal);
            Assert.InRange(subject.Length, 1, 256);
            Assert.DoesNotContain("《《", subject + body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_ChineseTicket_IsWrittenInChineseWithThePlatformsLocalDate()
    {
        var rng = new DemoRandom(6);
        // 20:00 UTC on 1 May is already 2 May in UTC+8.
        var facts = Facts with { When = new DateTime(2026, 5, 1, 20, 0, 0, DateTimeKind.Utc) };

        var texts = Enumerable.Range(0, 40).Select(_ => DemoTickets.Write(rng, TicketTopic.RefundRequest, chinese: true, facts)).ToList();

        Assert.All(texts, t => Assert.Contains(t.Subject + t.Body, c => c >= '\u4e00' && c <= '\u9fff'));
        Assert.Contains(texts, t => t.Body.Contains("5月2日", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Body.Contains("5月1日", StringComparison.Ordinal));
    }
}
