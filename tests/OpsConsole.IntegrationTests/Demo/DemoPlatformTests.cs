using OpsConsole.Catalog;
using OpsConsole.Commerce;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Demo;

public sealed class DemoPlatformTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    [Fact]
    public void GenerateAsync_Summary_MatchesWhatIsStored()
    {
        Assert.Equal(platform.Catalog.Count, platform.Summary.CatalogItems);
        Assert.Equal(DemoPlatformFixture.Request.Learners, platform.Learners.Count);
        Assert.Equal(platform.Learners.Count, platform.Summary.Learners);
        Assert.Equal(platform.Scan.Count, platform.Summary.Events);
        Assert.Equal(platform.Orders.Count, platform.Summary.Orders);
        Assert.Equal(platform.Refunds.Count, platform.Summary.Refunds);
        Assert.Equal(platform.Memberships.Count, platform.Summary.Memberships);
        Assert.Equal(platform.Tickets.Count, platform.Summary.Tickets);
    }

    [Fact]
    public void GenerateAsync_Catalogue_SpansTopicsAndKindsWithPricesByKind()
    {
        var items = platform.Catalog.Values.ToList();

        Assert.InRange(items.Count, 280, 320);
        Assert.True(items.Select(i => i.Topic).Distinct().Count() >= 9);
        Assert.Equal(Enum.GetValues<ContentKind>().Length, items.Select(i => i.Kind).Distinct().Count());
        Assert.All(items.Where(i => i.Kind == ContentKind.Article), i => Assert.Equal(0m, i.Price));
        Assert.All(items.Where(i => i.Kind == ContentKind.Column), i => Assert.InRange(i.Price, 99m, 299m));
        Assert.All(items.Where(i => i.Kind == ContentKind.Course), i => Assert.InRange(i.Price, 199m, 1299m));
        Assert.All(items, i => Assert.Equal("CNY", i.Currency));
        Assert.All(items, i => Assert.Contains(i.Topic, i.TagList));
        Assert.Equal(items.Count, items.Select(i => i.Title).Distinct().Count());
        Assert.Contains(items, i => i.RetiredAt is not null);
        Assert.Contains(items, i => i.PublishedAt > platform.WindowStart);
    }

    [Fact]
    public void GenerateAsync_Learners_HaveFullDetailsAndPii()
    {
        var learners = platform.Learners;

        Assert.All(learners, l =>
        {
            Assert.NotNull(l.Channel);
            Assert.NotNull(l.Region);
            Assert.NotNull(l.Device);
            Assert.NotNull(l.Pii?.Name);
            Assert.True(l.Pii!.Email is not null || l.Pii.Phone is not null);
        });
        Assert.Equal(6, learners.Select(l => l.Channel).Distinct().Count());
        var chinese = learners.Count(l => l.Locale == "zh-CN");
        Assert.InRange(chinese, learners.Count * 0.75, learners.Count * 0.95);
        Assert.Contains(learners, l => l.Locale == "en-US");
        // Only domains reserved for examples: a retention mail from demo data can never reach anyone.
        Assert.All(learners.Where(l => l.Pii?.Email is not null), l => Assert.Matches(@"@example\.(com|net|org)$", l.Pii!.Email!));
        Assert.Equal(learners.Count, learners.Select(l => l.Pii!.Email ?? l.Id).Distinct().Count());
        // Arrivals grow: the second half of the window brings more new learners than the first.
        var middle = platform.WindowStart.AddDays(DemoPlatformFixture.Request.Days / 2.0);
        var firstHalf = learners.Count(l => l.SignupAt >= platform.WindowStart && l.SignupAt < middle);
        var secondHalf = learners.Count(l => l.SignupAt >= middle);
        Assert.True(secondHalf > firstHalf * 1.2, $"first half {firstHalf}, second half {secondHalf}");
    }

    [Fact]
    public void GenerateAsync_Events_StayInsideTheWindowAndReadLikeApiEvents()
    {
        var scan = platform.Scan;

        Assert.True(scan.MinOccurredAt >= platform.WindowStart);
        Assert.True(scan.MaxOccurredAt < platform.WindowEnd);
        Assert.Equal(0, scan.InvalidProperties);
        Assert.Equal(0, scan.BadIds);
        Assert.Equal(0, scan.OutOfOrder);
        // Received once, at the end of the window: the same on every run.
        Assert.Equal([platform.WindowEnd.ToString("O")], scan.ReceivedAt);
        EventType[] expected =
        [
            EventType.Signup, EventType.Login, EventType.View, EventType.Click, EventType.Search, EventType.LessonProgress,
            EventType.Purchase, EventType.Refund, EventType.MembershipStart, EventType.MembershipRenew, EventType.MembershipCancel,
            EventType.Rate, EventType.Share,
        ];
        Assert.Equal(expected.Order(), scan.Types.Order());
        // Every learner who acts was written with details first, never created bare by the event store.
        var known = platform.Learners.Select(l => l.Id).ToHashSet();
        Assert.Subset(known, scan.Learners);
    }

    [Fact]
    public void GenerateAsync_Orders_MatchTheirPurchaseEvents()
    {
        var purchases = platform.CommerceEvents.Where(e => e.Type == EventType.Purchase).ToDictionary(e => e.EventId);

        Assert.NotEmpty(platform.Orders);
        Assert.Equal(purchases.Count, platform.Orders.Count);
        Assert.All(platform.Orders, o =>
        {
            var e = purchases[o.Id];
            Assert.Equal(o.LearnerId, e.LearnerId);
            Assert.Equal(o.ItemId, e.ItemId);
            Assert.Equal(o.Amount, e.Amount);
            Assert.Equal("CNY", e.Currency);
            Assert.Equal(o.PlacedAt, e.OccurredAt);
            Assert.InRange(o.Amount, 0.01m, platform.Catalog[o.ItemId!].Price);
        });
        Assert.Contains(platform.Orders, o => o.Coupon is not null);
        Assert.Contains(platform.Orders, o => o.Amount == platform.Catalog[o.ItemId!].Price);
    }

    [Fact]
    public void GenerateAsync_Refunds_MatchTheirEventsAndOrders()
    {
        var refundEvents = platform.CommerceEvents.Where(e => e.Type == EventType.Refund).ToDictionary(e => e.EventId);
        var orders = platform.Orders.ToDictionary(o => o.Id);

        Assert.NotEmpty(platform.Refunds);
        Assert.Equal(refundEvents.Count, platform.Refunds.Count);
        Assert.All(platform.Refunds, r =>
        {
            var e = refundEvents[r.Id];
            var order = orders[r.OrderId];
            Assert.Equal(order.LearnerId, e.LearnerId);
            Assert.Equal(r.Amount, e.Amount);
            Assert.InRange(r.Amount, 0.01m, order.Amount);
            Assert.True(r.RefundedAt > order.PlacedAt);
            Assert.NotNull(r.Reason);
        });
    }

    [Fact]
    public void GenerateAsync_Memberships_AgreeWithEventsAndLearnerTiers()
    {
        var memberships = platform.Memberships;
        var starts = platform.CommerceEvents.Count(e => e.Type == EventType.MembershipStart);

        Assert.Equal(memberships.Count(m => m.StartedAt >= platform.WindowStart), starts);
        Assert.Contains(memberships, m => m.Plan == MembershipPlan.Monthly && m.Renewals > 0);
        Assert.Contains(memberships, m => m.Plan == MembershipPlan.Annual);
        Assert.Contains(memberships, m => m.FailedRenewals > 0);
        Assert.Contains(memberships, m => m.CancelledAt is not null);
        Assert.All(memberships, m => Assert.True(m.ExpiresAt > m.StartedAt));
        var active = memberships.Where(m => m.StatusAt(platform.WindowEnd) == MembershipStatus.Active)
            .ToDictionary(m => m.LearnerId, m => m.Plan == MembershipPlan.Annual ? MembershipTier.Annual : MembershipTier.Monthly);
        Assert.All(platform.Learners, l => Assert.Equal(active.GetValueOrDefault(l.Id, MembershipTier.None), l.Tier));
    }

    [Fact]
    public void GenerateAsync_Tickets_HaveTextInBothLanguagesAndConsistentTimes()
    {
        var tickets = platform.Tickets;

        Assert.NotEmpty(tickets);
        Assert.Contains(tickets, t => t.Language == "zh");
        Assert.Contains(tickets, t => t.Language == "en");
        Assert.All(tickets, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Subject));
            Assert.DoesNotContain("{", t.Subject + t.Body, StringComparison.Ordinal);
            Assert.InRange(t.CreatedAt, platform.WindowStart, platform.WindowEnd);
            Assert.True(t.FirstRespondedAt is null || t.FirstRespondedAt >= t.CreatedAt);
            Assert.True(t.ResolvedAt is null || t.ResolvedAt >= t.FirstRespondedAt);
            Assert.Equal(t.Status is TicketStatus.Resolved or TicketStatus.Closed, t.ResolvedAt is not null);
            Assert.Equal(t.FirstRespondedAt is not null, t.IntentConfirmed && t.Intent is not null);
            Assert.Equal(t.Status == TicketStatus.New, t.Queue is not null);
            Assert.True(t.Status != TicketStatus.New || t.FirstRespondedAt is null);
            // Stored as intake stores them: the reports and the SLA watch read these, not a recomputation.
            Assert.True(t.FirstResponseDueAt > t.CreatedAt);
            Assert.True(t.ResolutionDueAt > t.FirstResponseDueAt);
        });
        Assert.Equal(Enum.GetValues<TicketStatus>().Length, tickets.Select(t => t.Status).Distinct().Count());
        Assert.True(tickets.Select(t => t.Subject).Distinct().Count() > 30);
    }

    [Fact]
    public void GenerateAsync_SupportDesk_AnsweredTicketsHaveASkilledAgentAConversationAndRoomLeftForRouting()
    {
        var agents = platform.Agents.ToDictionary(a => a.Id);
        var answered = platform.Tickets.Where(t => t.FirstRespondedAt is not null).ToList();
        var threads = platform.TicketMessages.ToLookup(m => m.TicketId);

        Assert.Contains(OpsConsole.Demo.DemoAccounts.All.Single(a => a.Role == OpsConsole.Access.Roles.SupportAgent).Email, agents.Keys);
        Assert.All(answered, t =>
        {
            var agent = agents[t.AssigneeId!];
            Assert.True(agent.Languages.Split(' ').Contains(t.Language), $"ticket {t.Id} in {t.Language} went to {agent.Id}");
            Assert.Contains(threads[t.Id], m => m.Kind == MessageKind.Agent && m.AuthorId == agent.Id && m.CreatedAt == t.FirstRespondedAt);
        });
        Assert.All(platform.Tickets, t => Assert.Contains(threads[t.Id], m => m.Kind == MessageKind.Learner && m.Body == t.Body));
        Assert.All(platform.Tickets.Where(t => t.FirstRespondedAt is null), t => Assert.Null(t.AssigneeId));
        // Every agent keeps free slots, so tickets arriving in the demo are routed at once.
        Assert.All(platform.Tickets.Where(t => t.Status == TicketStatus.Assigned).GroupBy(t => t.AssigneeId!),
            g => Assert.True(g.Count() < agents[g.Key].Capacity, $"{g.Key} holds {g.Count()} of {agents[g.Key].Capacity}"));
        var rated = platform.Tickets.Where(t => t.CsatRating is not null).ToList();
        Assert.True(rated.Count > 20, $"{rated.Count} rated tickets");
        Assert.All(rated, t => Assert.True(t.ResolvedAt is not null && t.CsatRating is >= 1 and <= 5));
    }

    [Fact]
    public void GenerateAsync_LearnersWithSeveralPurchases_BuyMostlyInTheirTopViewedTopic()
    {
        var buyers = platform.Orders.GroupBy(o => o.LearnerId).Where(g => g.Count() >= 3).ToList();

        var shares = buyers.Select(g => g.Count(o => platform.Catalog[o.ItemId!].Topic == platform.TopViewedTopic[g.Key]) / (double)g.Count()).ToList();

        Assert.True(buyers.Count >= 50, $"{buyers.Count} learners with three or more purchases");
        // Ten topics: buying without regard to interests would put about a tenth there.
        Assert.True(shares.Average() >= 0.6, $"mean share of purchases in the top viewed topic: {shares.Average():P0}");
    }

    [Fact]
    public void GenerateAsync_Ratings_AreHigherInsideTheTopViewedTopic()
    {
        var inside = platform.Ratings.Where(r => platform.Catalog[r.ItemId].Topic == platform.TopViewedTopic[r.LearnerId]).Select(r => r.Rating).ToList();
        var outside = platform.Ratings.Where(r => platform.Catalog[r.ItemId].Topic != platform.TopViewedTopic[r.LearnerId]).Select(r => r.Rating).ToList();

        Assert.True(inside.Count > 50 && outside.Count > 20, $"{inside.Count} inside, {outside.Count} outside");
        Assert.True(inside.Average() > outside.Average() + 0.3, $"inside {inside.Average():0.00}, outside {outside.Average():0.00}");
    }

    [Fact]
    public void GenerateAsync_LearnersWithUnresolvedTickets_ChurnMoreThanThoseWhoseTicketsWereResolved()
    {
        var cutoff = platform.WindowEnd.AddDays(-21);
        var tickets = platform.Tickets.Where(t => t.CreatedAt < cutoff).ToLookup(t => t.LearnerId);
        var holders = platform.ChurnPopulation().Where(p => tickets[p.Learner.Id].Any()).ToList();

        var unresolved = holders.Where(p => tickets[p.Learner.Id].Any(t => t.ResolvedAt is null)).ToList();
        var resolved = holders.Where(p => tickets[p.Learner.Id].All(t => t.ResolvedAt is not null)).ToList();

        AssertChurnsMore(unresolved, resolved, "unresolved tickets", "resolved tickets");
    }

    [Fact]
    public void GenerateAsync_BuyersWithRefunds_ChurnMoreThanOtherBuyers()
    {
        var refunded = platform.Refunds.Select(r => r.OrderId).ToHashSet();
        var orders = platform.Orders.ToLookup(o => o.LearnerId);
        var buyers = platform.ChurnPopulation().Where(p => orders[p.Learner.Id].Any()).ToList();

        var withRefund = buyers.Where(p => orders[p.Learner.Id].Any(o => refunded.Contains(o.Id))).ToList();
        var without = buyers.Where(p => !orders[p.Learner.Id].Any(o => refunded.Contains(o.Id))).ToList();

        AssertChurnsMore(withRefund, without, "a refund", "no refund");
    }

    [Fact]
    public void GenerateAsync_BuyersWhoOnlyEverPaidDiscountedPrices_ChurnMoreThanFullPriceBuyers()
    {
        var orders = platform.Orders.ToLookup(o => o.LearnerId);
        var buyers = platform.ChurnPopulation().Where(p => orders[p.Learner.Id].Count() >= 2).ToList();
        bool Discounted(Order o) => o.Amount < platform.Catalog[o.ItemId!].Price;

        var discountOnly = buyers.Where(p => orders[p.Learner.Id].All(Discounted)).ToList();
        var fullPrice = buyers.Where(p => !orders[p.Learner.Id].All(Discounted)).ToList();

        AssertChurnsMore(discountOnly, fullPrice, "only discounted orders", "a full-price order");
    }

    [Fact]
    public void GenerateAsync_MembersWhoseRenewalFailed_ChurnMoreThanOtherMembers()
    {
        var cutoff = platform.WindowEnd.AddDays(-30);
        var memberships = platform.Memberships.ToLookup(m => m.LearnerId);
        var members = platform.ChurnPopulation().Where(p => memberships[p.Learner.Id].Any()).ToList();
        // Lapsed: the charge and its retry failed, well before the end, and the membership simply ran out.
        bool Lapsed(Membership m) => m.FailedRenewals > 0 && m.CancelledAt is null && m.ExpiresAt < cutoff;

        var lapsed = members.Where(p => memberships[p.Learner.Id].Any(Lapsed)).ToList();
        var neverFailed = members.Where(p => memberships[p.Learner.Id].All(m => m.FailedRenewals == 0)).ToList();

        AssertChurnsMore(lapsed, neverFailed, "a lapsed membership", "no failed renewal");
    }

    private static void AssertChurnsMore(List<(Learner Learner, bool Churned)> exposed, List<(Learner Learner, bool Churned)> others, string exposedName, string othersName)
    {
        var exposedRate = exposed.Average(p => p.Churned ? 1.0 : 0.0);
        var othersRate = others.Average(p => p.Churned ? 1.0 : 0.0);
        var message = $"churned with {exposedName}: {exposedRate:P0} of {exposed.Count}; with {othersName}: {othersRate:P0} of {others.Count}";
        Assert.True(exposed.Count >= 15, message);
        Assert.True(exposedRate >= othersRate * 1.4 && exposedRate - othersRate >= 0.08, message);
    }
}
