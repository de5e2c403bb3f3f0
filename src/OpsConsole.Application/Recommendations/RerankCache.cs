using System.Runtime.CompilerServices;
using OpsConsole.Telemetry;

namespace OpsConsole.Recommendations;

/// <summary>
/// The re-ranker's candidates for one learner: items in ascending order, each with its learned score and the
/// generator that rated it highest (an index into <see cref="RerankFeatures.Generators"/>), in arrays rather than
/// objects because tens of thousands of learners are held at once. Every list served from them walks
/// <see cref="Ranked"/> instead of ordering the whole catalogue, and explains an item once.
/// </summary>
internal sealed class RerankedCandidates
{
    private static readonly string[] Labels = [.. RerankFeatures.Generators.Select(g => $"{ModelBundle.Rerank}:{g}")];

    private readonly byte[] _sources;
    private readonly Reason?[] _reasons;
    private volatile ServedList? _served;

    /// <param name="shift">Added to every score before ordering, as the ranker adds it to the scores it picks from:
    /// the order must be the one of the shifted values, whose ties are not always ties of the raw ones.</param>
    public RerankedCandidates(int[] items, float[] scores, byte[] sources, float shift = 0)
    {
        Items = items;
        Scores = scores;
        Shift = shift;
        _sources = sources;
        _reasons = new Reason?[items.Length];
        // The order RankingOrder gives a buffer holding the shifted scores, and 0 for every item nobody proposed: positive
        // scores best first, ties to the lower item (positions follow the items' order); then the zeros in item order,
        // which CandidateOrder walks; then negative scores the same way, and NaN last, in item order.
        var shifted = scores.Select((score, at) => (Score: shift + score, At: at)).ToList();
        Ranked = Ordered(shifted.Where(c => c.Score > 0));
        Below = [.. Ordered(shifted.Where(c => c.Score < 0)), .. shifted.Where(c => float.IsNaN(c.Score)).Select(c => c.At)];
    }

    private static int[] Ordered(IEnumerable<(float Score, int At)> candidates) =>
        [.. candidates.OrderByDescending(c => c.Score).ThenBy(c => c.At).Select(c => c.At)];

    public int[] Items { get; }
    public float[] Scores { get; }

    /// <summary>What the ranker adds to each score it picks from.</summary>
    public float Shift { get; }

    /// <summary>Positions in <see cref="Items"/> of the candidates whose shifted score is positive, best first.</summary>
    public int[] Ranked { get; }

    /// <summary>Positions of the candidates whose shifted score is negative (best first), then NaN: after every item at 0.</summary>
    public int[] Below { get; }

    /// <summary>Whether the candidate at <paramref name="at"/> ranks among the items at 0.</summary>
    public bool AtZero(int at) => Shift + Scores[at] == 0;

    /// <summary>
    /// The list last served from these candidates, when it was for <paramref name="k"/> items against
    /// <paramref name="offer"/> (what the catalogue offered the learner then): everything else a list depends on — the
    /// order, what the learner owns, their history, the rules — is fixed while the ranking is cached.
    /// </summary>
    public RankedList? Served(int k, object? offer) =>
        offer is not null && _served is { } last && last.K == k && ReferenceEquals(last.Offer, offer) ? last.List : null;

    public void Remember(int k, object? offer, RankedList list)
    {
        if (offer is not null)
        {
            _served = new ServedList(k, offer, list);
        }
    }

    private sealed record ServedList(int K, object Offer, RankedList List);

    /// <summary>
    /// Why <paramref name="item"/> is proposed, by the generator that rated it highest, and that generator's label; null
    /// when no generator proposed it. The reason is kept: it depends only on the history and the models, which the
    /// entry's learner state and bundle fix (a benign race computes it twice at worst).
    /// </summary>
    public (Reason Reason, string Generator)? Explain(int item, ModelBundle bundle, LearnerHistory history)
    {
        var at = Array.BinarySearch(Items, item);
        if (at < 0)
        {
            return null;
        }
        var source = _sources[at];
        var reason = _reasons[at] ??= bundle.Models[RerankFeatures.Generators[source]].Explain(history, item);
        return (reason, Labels[source]);
    }
}

/// <summary>
/// Each learner's re-ranked candidates, so only their first home list after a new event or a model swap pays for every
/// generator scoring the catalogue, the features and one LightGBM prediction per candidate. An entry belongs to one
/// <see cref="LearnerState"/> and one <see cref="ModelBundle"/>, both by reference, and is dropped with either: a new
/// event gives the learner a new state (<see cref="LearnerStateCache"/>), a promotion or roll-back a new bundle. The
/// business rules run on every request over the cached scores, so what was bought, retired or opened by a membership
/// since is still left out; an entry is recomputed when something became offerable to the learner that its candidates
/// could not include (an item published or returned, a membership lapsed), so those are not missed for longer than
/// without the cache.
/// </summary>
public sealed class RerankCache(OpsMetrics? metrics = null)
{
    private const byte Withheld = 0;
    private const byte Everyone = 1;
    private const byte NonMembers = 2;

    // Weak on both keys: an entry lives exactly as long as the learner's state and the model it was ranked with.
    private readonly ConditionalWeakTable<ModelBundle, ConditionalWeakTable<LearnerState, Entry>> _byModel = [];
    private readonly ConditionalWeakTable<IReadOnlyList<ServingItem?>, Catalogue> _catalogues = [];
    private Catalogue? _latest;
    private long _hits;
    private long _misses;

    /// <summary>Home lists served from a cached ranking.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Home lists that had to run the generators and the re-ranker.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <param name="offer">What the catalogue offers the learner now, as <see cref="RerankedCandidates.Served"/> takes it:
    /// the same object for as long as neither the catalogue's offers and topics nor the learner's membership change.</param>
    internal RerankedCandidates GetOrAdd(ServingState state, LearnerState learner, bool member, Func<RerankedCandidates> rank, out object offer)
    {
        var entries = _byModel.GetOrCreateValue(state.Bundle);
        if (!_catalogues.TryGetValue(state.Items, out var catalogue))
        {
            catalogue = _catalogues.GetValue(state.Items, Latest);
        }
        var now = catalogue.For(member);
        offer = now;
        if (entries.TryGetValue(learner, out var entry) && entry.Covers(now))
        {
            Interlocked.Increment(ref _hits);
            metrics?.RecordReranked(cached: true);
            return entry.Candidates;
        }
        Interlocked.Increment(ref _misses);
        metrics?.RecordReranked(cached: false);
        var candidates = rank();
        entries.AddOrUpdate(learner, new Entry(candidates, now));
        return candidates;
    }

    /// <summary>
    /// The catalogue is read again every few seconds, mostly unchanged: a snapshot that offers exactly what the latest one
    /// did, under the same topics, shares its offers, so entries see the same reference and skip comparing item by item,
    /// and a list served before may be served again.
    /// </summary>
    private Catalogue Latest(IReadOnlyList<ServingItem?> items)
    {
        var fresh = new Catalogue(items);
        var latest = _latest;
        if (latest is not null && latest.SameOffers(fresh))
        {
            return latest;
        }
        _latest = fresh;
        return fresh;
    }

    /// <summary>What the catalogue offers, item by item, to members and to everyone else: the catalogue's part of what a ranking may propose.</summary>
    private sealed record Offer(byte[] Codes, bool Member)
    {
        public bool Offers(int item) => Codes[item] == Everyone || (Codes[item] == NonMembers && !Member);
    }

    /// <summary>One catalogue snapshot's codes, computed once per snapshot rather than per learner.</summary>
    private sealed class Catalogue
    {
        private readonly Offer _members;
        private readonly Offer _others;
        private readonly IReadOnlyList<ServingItem?> _items;

        public Catalogue(IReadOnlyList<ServingItem?> items)
        {
            _items = items;
            // Mirrors RecommendationRanker.IsOfferable without what the learner owns, which the state fixes.
            var codes = new byte[items.Count];
            for (var i = 0; i < codes.Length; i++)
            {
                codes[i] = items[i] is not { Available: true } item ? Withheld
                    : InteractionSignals.MembershipIncludes(item.Kind) ? NonMembers : Everyone;
            }
            _members = new Offer(codes, true);
            _others = new Offer(codes, false);
        }

        public Offer For(bool member) => member ? _members : _others;

        public bool SameOffers(Catalogue other)
        {
            if (!_members.Codes.AsSpan().SequenceEqual(other._members.Codes))
            {
                return false;
            }
            // The topic cap reads each item's topic, so a renamed topic is a change too.
            for (var i = 0; i < _items.Count; i++)
            {
                if (!string.Equals(_items[i]?.Topic, other._items[i]?.Topic, StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }
    }

    private sealed class Entry(RerankedCandidates candidates, Offer offer)
    {
        // Replaced by later snapshots that offer nothing more, so a check after a catalogue refresh costs one pass, not one per request.
        private volatile Offer _offer = offer;

        public RerankedCandidates Candidates { get; } = candidates;

        /// <summary>
        /// Whether the candidates can stand for <paramref name="now"/>: a ranking over fewer offerable items only lacks
        /// what the rules would drop anyway, but one over more may lack a candidate. Each snapshot kept offers no more than
        /// the one ranked with, so comparing with the latest is enough.
        /// </summary>
        public bool Covers(Offer now)
        {
            var then = _offer;
            if (ReferenceEquals(then, now))
            {
                return true;
            }
            if (then.Codes.Length != now.Codes.Length)
            {
                return false;
            }
            for (var i = 0; i < now.Codes.Length; i++)
            {
                if (now.Offers(i) && !then.Offers(i))
                {
                    return false;
                }
            }
            _offer = now;
            return true;
        }
    }
}
