using System.Globalization;
using OpsConsole.Catalog;
using OpsConsole.Commerce;
using OpsConsole.Ingestion;
using OpsConsole.Support;

namespace OpsConsole.Demo;

/// <summary>What happens inside a session: browsing, buying, studying, rating, and the tickets that follow.</summary>
internal sealed partial class DemoSimulation
{
    // ---------------------------------------------------------------- sessions

    private static string NewSession(DemoLearner learner) =>
        learner.Id + "-s" + (++learner.Sessions).ToString(CultureInfo.InvariantCulture);

    private void RunSession(DemoLearner learner, DateTime start, bool signup, bool sale)
    {
        var rng = learner.Rng;
        var session = NewSession(learner);
        var t = start;
        if (signup)
        {
            Emit(learner, EventType.Signup, t, null, session, null,
                $$"""{"channel":"{{learner.Row.Channel}}","device":"{{learner.Row.Device}}"}""");
        }
        else if (rng.Chance(0.45))
        {
            Emit(learner, EventType.Login, t, null, session, null, $$"""{"method":"{{rng.Pick(LoginMethods)}}"}""");
            if (rng.Chance(0.0015))
            {
                OpenTicket(learner, TicketTopic.LoginAccount, t.AddMinutes(-rng.Uniform(5, 120)), null, null, 0, null);
            }
        }
        t = t.AddSeconds(rng.Next(5, 40));

        if (rng.Chance(0.28))
        {
            var topic = PickTopic(learner);
            Emit(learner, EventType.Search, t, null, session, null,
                $$"""{"query":"{{rng.Pick(TopicQueries[topic])}}","results":{{rng.Next(3, 60)}}}""");
            t = t.AddSeconds(rng.Next(5, 30));
            if (rng.Chance(0.7))
            {
                var item = PickItem(rng, topic);
                Emit(learner, EventType.Click, t, item.Row.Id, session, null, $$"""{"source":"search","position":{{rng.Next(1, 11)}}}""");
                t = View(learner, item, "search", session, t.AddSeconds(rng.Next(1, 5)), sale);
            }
        }

        var views = Math.Min(7, 1 + rng.Poisson(1.6));
        for (var v = 0; v < views; v++)
        {
            var item = PickItem(rng, PickTopic(learner));
            var source = ViewSources[rng.PickWeighted(ViewSourceWeights)];
            if (rng.Chance(0.45))
            {
                Emit(learner, EventType.Click, t, item.Row.Id, session, null, $$"""{"source":"{{source}}","position":{{rng.Next(1, 21)}}}""");
                t = t.AddSeconds(rng.Next(1, 5));
            }
            t = View(learner, item, source, session, t, sale);
        }

        t = Study(learner, session, t);

        if (!learner.IsMemberAt(t) && !learner.IsFading)
        {
            var p = 0.008 * (learner.Purchases >= 2 ? 2.5 : 1) * (sale ? 2 : 1) * (learner.PriceSensitive ? 0.6 : 1) * (learner.Library.Count > 0 ? 1.3 : 1);
            if (rng.Chance(p))
            {
                StartMembership(learner, session, t);
            }
        }
        else if (learner.Membership is { CancelledAt: null } membership && rng.Chance(learner.PriceSensitive ? 0.008 : 0.003))
        {
            if (Emit(learner, EventType.MembershipCancel, t, null, session, null,
                $$"""{"plan":"{{PlanName(membership.Plan)}}","reason":"{{rng.Pick(CancelReasons)}}"}""") is { } cancel)
            {
                membership.CancelledAt = cancel.OccurredAt;
            }
        }
    }

    private DateTime View(DemoLearner learner, DemoItem item, string source, string session, DateTime t, bool sale)
    {
        var rng = learner.Rng;
        var seconds = item.Row.Kind == ContentKind.Article ? rng.Next(30, 600) : rng.Next(10, 240);
        Emit(learner, EventType.View, t, item.Row.Id, session, null, $$"""{"source":"{{source}}","seconds":{{seconds}}}""");
        t = t.AddSeconds(seconds);
        var index = item.Index;
        if (item.IsPaid && !learner.Owned.Contains(index) && !learner.Reading.Contains(index))
        {
            if (learner.IsMemberAt(t) && item.Row.Kind is ContentKind.Column or ContentKind.EBook)
            {
                // Members read columns and books without buying them.
                if (rng.Chance(learner.Prefers(item.Topic) ? 0.4 : 0.1))
                {
                    learner.Library.Add(new DemoLearner.Progress(item, 0));
                    learner.Reading.Add(index);
                }
            }
            else
            {
                t = MaybePurchase(learner, item, session, t, sale);
            }
        }
        else if (!learner.Rated.Contains(index) && (learner.Owned.Contains(index) ? rng.Chance(0.04) : !item.IsPaid && rng.Chance(0.02)))
        {
            Rate(learner, item, session, t);
        }
        if (rng.Chance(learner.Prefers(item.Topic) ? 0.015 : 0.003))
        {
            Emit(learner, EventType.Share, t.AddSeconds(5), item.Row.Id, session, null, $$"""{"channel":"{{rng.Pick(ShareTargets)}}"}""");
        }
        if (item.Row.Kind is ContentKind.Course or ContentKind.LiveClass
            && rng.Chance(learner.Row.Device == "android" ? 0.003 : 0.0018))
        {
            OpenTicket(learner, TicketTopic.VideoPlayback, t.AddMinutes(rng.Uniform(2, 90)), item, null, 0, null, lesson: rng.Next(1, item.Lessons + 1));
        }
        return t.AddSeconds(rng.Next(2, 20));
    }

    private DateTime MaybePurchase(DemoLearner learner, DemoItem item, string session, DateTime t, bool sale)
    {
        var rng = learner.Rng;
        var preferred = learner.Prefers(item.Topic);
        var p = item.Row.Kind switch
        {
            ContentKind.Course => 0.035,
            ContentKind.Column => 0.05,
            ContentKind.LiveClass => 0.08,
            _ => 0.06,
        };
        p *= preferred ? 1.0 : 0.1;
        p *= Math.Pow(199.0 / (double)item.Price, 0.45);
        var member = learner.IsMemberAt(t);
        var (discount, coupon, promo) = BestOffer(learner, item, t, sale, member);
        // Price-sensitive learners almost only buy at a discount; for the rest a discount is a mild nudge.
        p *= learner.PriceSensitive ? (discount > 0 ? 2.5 : 0.07) : (discount > 0 ? 1.3 : 1.0);
        if (member)
        {
            p *= 1.2;
        }
        if (!rng.Chance(p))
        {
            return t;
        }
        var amount = Math.Round(item.Price * (1 - discount), 0, MidpointRounding.AwayFromZero);
        var extra = coupon is not null ? ",\"coupon\":\"" + coupon + "\"" : promo is not null ? ",\"promo\":\"" + promo + "\"" : "";
        t = t.AddSeconds(rng.Next(20, 180));
        if (Emit(learner, EventType.Purchase, t, item.Row.Id, session, amount,
            $$"""{"listPrice":{{Number(item.Price)}},"payment":"{{rng.Pick(Payments)}}"{{extra}}}""") is not { } e)
        {
            return t;
        }
        if (coupon == "NEW50")
        {
            learner.NewUserCouponUsed = true;
        }
        else if (coupon is not null)
        {
            learner.Coupons--;
        }
        var order = new Order { Id = e.EventId, LearnerId = learner.Id, ItemId = item.Row.Id, Amount = amount, Currency = Currency, PlacedAt = e.OccurredAt, Coupon = coupon };
        Orders.Add(order);
        learner.Owned.Add(item.Index);
        learner.Purchases++;
        if (item.HasLessons)
        {
            learner.Library.Add(new DemoLearner.Progress(item, 0));
            learner.Reading.Add(item.Index);
        }

        // Impulse buys outside one's interests and bargain hunting end in refunds far more often.
        var refund = 0.025 * (preferred ? 1 : 3) * (learner.PriceSensitive ? 4 : 1) * (item.Price >= 699 ? 1.4 : 1);
        if (amount > 0 && rng.Chance(Math.Min(0.7, refund)))
        {
            var due = DemoCatalog.Truncate(t.AddDays(rng.Uniform(1, 7)));
            var (_, reason) = rng.Pick(RefundReasons);
            var refunded = rng.Chance(0.1) ? Math.Round(amount / 2, 0, MidpointRounding.AwayFromZero) : amount;
            learner.PendingRefunds.Add(new DemoLearner.PendingRefund(order, item, due, refunded, reason));
            if (rng.Chance(0.45))
            {
                OpenTicket(learner, TicketTopic.RefundRequest, t + (due - t) * rng.Uniform(0.05, 0.8), item, order, amount, null);
            }
        }
        if (rng.Chance(0.012))
        {
            OpenTicket(learner, TicketTopic.Billing, t.AddHours(rng.Uniform(0.1, 30)), item, order, amount, null);
        }
        if (rng.Chance(learner.Chinese ? (item.Price >= 499 ? 0.05 : 0.012) : 0.004))
        {
            OpenTicket(learner, TicketTopic.Invoice, t.AddHours(rng.Uniform(1, 200)), item, order, amount, null);
        }
        if (learner.PriceSensitive && rng.Chance(coupon is not null ? 0.06 : 0.02))
        {
            OpenTicket(learner, TicketTopic.Coupon, t.AddMinutes(rng.Uniform(5, 600)), item, order, amount, null, coupon: coupon ?? rng.Pick(PersonalCoupons).Code);
        }
        return t;
    }

    private static (decimal Discount, string? Coupon, string? Promo) BestOffer(DemoLearner learner, DemoItem item, DateTime t, bool sale, bool member)
    {
        (decimal, string?, string?) best = (0m, null, null);
        if (!learner.PreExisting && !learner.NewUserCouponUsed && t - learner.Row.SignupAt < TimeSpan.FromDays(14))
        {
            best = (0.5m, "NEW50", null);
        }
        if (learner.Coupons > 0)
        {
            // Which coupon a learner holds is fixed by who they are, so no draw is spent on it.
            var (code, off) = PersonalCoupons[learner.Index % PersonalCoupons.Length];
            if (off > best.Item1)
            {
                best = (off, code, null);
            }
        }
        if (sale && best.Item1 < 0.3m)
        {
            best = (0.3m, null, "sale");
        }
        if (member && item.Row.Kind is ContentKind.Course or ContentKind.LiveClass && best.Item1 < 0.2m)
        {
            best = (0.2m, null, "member_price");
        }
        return best;
    }

    /// <summary>Working through lessons of something in the library; finishing a course may earn a certificate (and a ticket).</summary>
    private DateTime Study(DemoLearner learner, string session, DateTime t)
    {
        var rng = learner.Rng;
        var member = learner.IsMemberAt(t);
        DemoLearner.Progress? current = null;
        var open = 0;
        foreach (var p in learner.Library)
        {
            if (p.Percent < 100 && (member || learner.Owned.Contains(p.Item.Index)))
            {
                open++;
                current = p;
            }
        }
        if (current is null || !rng.Chance(0.6))
        {
            return t;
        }
        if (open > 1 && rng.Chance(0.5))
        {
            var pick = rng.Next(open);
            foreach (var p in learner.Library)
            {
                if (p.Percent < 100 && (member || learner.Owned.Contains(p.Item.Index)) && pick-- == 0)
                {
                    current = p;
                    break;
                }
            }
        }
        var item = current.Item;
        var lessons = 1 + rng.Next(3);
        for (var i = 0; i < lessons && current.Percent < 100; i++)
        {
            current.Lesson++;
            current.Percent = Math.Min(100, (int)Math.Round(100.0 * current.Lesson / item.Lessons));
            var seconds = rng.Next(300, 1500);
            Emit(learner, EventType.LessonProgress, t, item.Row.Id, session, null,
                $$"""{"lesson":{{current.Lesson}},"progress":{{current.Percent}},"seconds":{{seconds}}}""");
            t = t.AddSeconds(seconds);
        }
        if (rng.Chance(0.005))
        {
            OpenTicket(learner, TicketTopic.CourseContent, t.AddMinutes(rng.Uniform(1, 240)), item, null, 0, null, lesson: current.Lesson);
        }
        if (current.Percent >= 100)
        {
            if (!learner.Rated.Contains(item.Index) && rng.Chance(0.6))
            {
                Rate(learner, item, session, t.AddSeconds(10));
            }
            if (item.Row.Kind == ContentKind.Course && rng.Chance(0.12))
            {
                OpenTicket(learner, TicketTopic.Certificate, t.AddDays(rng.Uniform(0.5, 5)), item, null, 0, null);
            }
        }
        return t;
    }

    private void Rate(DemoLearner learner, DemoItem item, string session, DateTime t)
    {
        var rng = learner.Rng;
        // Learners rate what they came for highly; the rest gets a spread of lukewarm scores.
        var rating = learner.Prefers(item.Topic)
            ? 5 - rng.PickWeighted([55, 35, 8, 2, 0])
            : 5 - rng.PickWeighted([15, 30, 30, 15, 10]);
        if (Emit(learner, EventType.Rate, t, item.Row.Id, session, null, $$"""{"rating":{{rating}}}""") is not null)
        {
            learner.Rated.Add(item.Index);
        }
    }

    private void StartMembership(DemoLearner learner, string session, DateTime t)
    {
        var rng = learner.Rng;
        var plan = rng.Chance(learner.PriceSensitive ? 0.15 : 0.35) ? MembershipPlan.Annual : MembershipPlan.Monthly;
        var price = PlanPrice(plan);
        if (Emit(learner, EventType.MembershipStart, t, null, session, price, $$"""{"plan":"{{PlanName(plan)}}"}""") is not { } e)
        {
            return;
        }
        AddMembership(learner, new Membership { LearnerId = learner.Id, Plan = plan, StartedAt = e.OccurredAt, ExpiresAt = NextExpiry(e.OccurredAt, plan) });
    }

    // ---------------------------------------------------------------- tickets

    private void OpenTicket(DemoLearner learner, TicketTopic topic, DateTime createdAt, DemoItem? item, Order? order, decimal amount,
        MembershipPlan? plan, int lesson = 1, string? coupon = null)
    {
        if (createdAt >= WindowEnd || createdAt < WindowStart)
        {
            return;
        }
        var rng = learner.Rng;
        createdAt = DemoCatalog.Truncate(createdAt);
        var chinese = learner.Chinese;
        var facts = new TicketFacts(item?.Row.Title ?? "", order?.Id ?? "", amount, order?.PlacedAt ?? createdAt, learner.Row.Device ?? "web",
            lesson, plan is { } p ? PlanName(p) : "monthly", coupon ?? "", learner.Pii.Name ?? "");
        var (subject, body) = DemoTickets.Write(rng, topic, chinese, facts);
        var priority = DemoTickets.Priority(rng, topic);
        var responseHours = priority switch { TicketPriority.Urgent => 0.5, TicketPriority.High => 1.5, TicketPriority.Normal => 3, _ => 6 };
        DateTime? responded = rng.Chance(0.93) ? DemoCatalog.Truncate(createdAt.AddHours(rng.LogNormal(responseHours, 1.0))) : null;
        var resolves = topic switch
        {
            TicketTopic.Billing => 0.88,
            TicketTopic.RefundRequest => 0.85,
            TicketTopic.VideoPlayback => 0.62,
            TicketTopic.LoginAccount => 0.8,
            TicketTopic.Certificate => 0.6,
            TicketTopic.CourseContent => 0.66,
            TicketTopic.Invoice => 0.9,
            TicketTopic.MembershipRenewal => 0.7,
            _ => 0.72,
        };
        // Stalled tickets are never resolved: the unresolved-ticket churn driver.
        DateTime? resolved = responded is { } r && rng.Chance(resolves) ? DemoCatalog.Truncate(r.AddHours(rng.LogNormal(20, 1.1))) : null;
        var status = resolved <= WindowEnd ? (resolved < WindowEnd.AddDays(-4) ? TicketStatus.Closed : TicketStatus.Resolved)
            : responded <= WindowEnd ? (rng.Chance(0.5) ? TicketStatus.Pending : TicketStatus.Assigned)
            : TicketStatus.New;
        var read = responded <= WindowEnd;
        var row = new Ticket
        {
            LearnerId = learner.Id,
            Subject = subject,
            Body = body,
            Language = chinese ? "zh" : "en",
            Channel = DemoTickets.Channel(rng, chinese),
            Status = status,
            Priority = priority,
            CreatedAt = createdAt,
            FirstRespondedAt = responded <= WindowEnd ? responded : null,
            ResolvedAt = resolved <= WindowEnd ? resolved : null,
            ClosedAt = status == TicketStatus.Closed ? resolved!.Value.AddDays(4) : null,
            UpdatedAt = new[] { createdAt, responded <= WindowEnd ? responded.Value : createdAt, resolved <= WindowEnd ? resolved.Value : createdAt }.Max(),
            // An agent who answered a ticket confirmed what it was about: those labels train the intent model.
            Intent = read ? DemoTickets.Intent(topic) : null,
            IntentConfirmed = read,
            Queue = status == TicketStatus.New ? TicketQueue.Skill : null,
            WaitingSince = status == TicketStatus.New ? createdAt : null,
        };
        _tickets.Add((row, _rows++));
        learner.Tickets.Add(new DemoLearner.OpenTicket(row, resolved));
        if (resolved is null && rng.Chance(StalledTicketQuits))
        {
            learner.QuitAfter(createdAt.AddDays(rng.Uniform(2, 12)));
        }
    }
}
