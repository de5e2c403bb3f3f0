using System.Globalization;
using OpsConsole.Demo;
using OpsConsole.Support;

namespace OpsConsole.Tests.Support;

/// <summary>The detectors on the demo platform's own tickets, with its whole catalogue as the title list.</summary>
public sealed class DemoTicketReadingTests
{
    private static readonly DateTime WindowEnd = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly List<DemoItem> Items = DemoCatalog.Build(new DemoRandom(42), WindowEnd.AddDays(-180), WindowEnd);

    private static readonly EntityExtractor Extractor = new(Items.Select(i => new CatalogTitle(i.Row.Id, i.Row.Title)));

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
    public void Extract_DemoTickets_FindTheFactsTheyWereWrittenFrom(string topicName, bool chinese)
    {
        var topic = Enum.Parse<TicketTopic>(topicName);
        var rng = new DemoRandom(11, (long)topic * 2 + (chinese ? 1 : 0));
        for (var i = 0; i < 30; i++)
        {
            var item = Items[rng.Next(Items.Count)];
            var when = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(rng.Next(0, 24 * 150));
            var order = "demo-" + rng.Next(1, 2_000_000).ToString(CultureInfo.InvariantCulture);
            var amount = rng.Next(1, 1300);
            var facts = new OpsConsole.Demo.TicketFacts(item.Row.Title, order, amount, when, "ios", rng.Next(1, 40), "annual", "SAVE20", "Li Wei");
            var (subject, body) = DemoTickets.Write(rng, topic, chinese, facts);
            var text = TicketText.Combine(subject, body);
            // Learners write in the platform's time zone; the ticket comes a few days after the purchase.
            var purchaseDay = DateOnly.FromDateTime(when.AddHours(8));
            var today = purchaseDay.AddDays(rng.Next(0, 10));

            var entities = Extractor.Extract(text, today);

            Assert.Equal(chinese ? "zh" : "en", LanguageDetector.Detect(subject, body).Code);
            if (text.Contains(order, StringComparison.Ordinal))
            {
                Assert.Equal([order], entities.OrderIds);
            }
            else
            {
                Assert.Empty(entities.OrderIds);
            }
            if (text.Contains(item.Row.Title.Trim('《', '》'), StringComparison.Ordinal))
            {
                Assert.Equal(item.Row.Id, entities.Titles[0].ItemId);
                Assert.Equal(1.0, entities.Titles[0].Score);
            }
            var amountText = amount.ToString(CultureInfo.InvariantCulture);
            if (text.Contains("¥" + amountText, StringComparison.Ordinal) || text.Contains(amountText + " 元", StringComparison.Ordinal))
            {
                Assert.Contains(entities.Amounts, a => a.Amount == amount && a.Currency == "CNY");
            }
            var written = chinese ? purchaseDay.ToString("M月d日", CultureInfo.InvariantCulture) : purchaseDay.ToString("MMM d", CultureInfo.InvariantCulture);
            if (text.Contains(written, StringComparison.Ordinal))
            {
                Assert.Contains(entities.Dates, d => d.Date == purchaseDay && !d.Relative);
            }
        }
    }

    [Fact]
    public void IntentModel_TrainedOnDemoTickets_ReadsNewOnesInBothLanguages()
    {
        var training = Tickets(seed: 1, perTopicAndLanguage: 30);
        var test = Tickets(seed: 2, perTopicAndLanguage: 10);

        var model = IntentModel.Train(training, cancellationToken: TestContext.Current.CancellationToken);
        var evaluation = model.Evaluate(test, TestContext.Current.CancellationToken);

        Assert.Equal(Enum.GetNames<TicketTopic>().Order(StringComparer.Ordinal), model.Intents);
        Assert.True(evaluation.Accuracy >= 0.9, $"accuracy {evaluation.Accuracy}");
        Assert.True(evaluation.MacroF1 >= 0.9, $"macro-F1 {evaluation.MacroF1}");
    }

    private static List<(string Text, string Intent)> Tickets(int seed, int perTopicAndLanguage)
    {
        var rng = new DemoRandom(seed);
        var tickets = new List<(string, string)>();
        foreach (var topic in Enum.GetValues<TicketTopic>())
        {
            foreach (var chinese in new[] { false, true })
            {
                for (var i = 0; i < perTopicAndLanguage; i++)
                {
                    var item = Items[rng.Next(Items.Count)];
                    var facts = new OpsConsole.Demo.TicketFacts(item.Row.Title, "demo-" + rng.Next(1, 999_999).ToString(CultureInfo.InvariantCulture), rng.Next(1, 1300),
                        new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(rng.Next(0, 2000)), "web", rng.Next(1, 40), "monthly", "NEW50", "Wang Fang");
                    var (subject, body) = DemoTickets.Write(rng, topic, chinese, facts);
                    tickets.Add((TicketText.Combine(subject, body), topic.ToString()));
                }
            }
        }
        return tickets;
    }
}
