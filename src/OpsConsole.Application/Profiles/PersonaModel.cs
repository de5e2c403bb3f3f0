using System.Globalization;
using System.Text.Json;
using OpsConsole.Personas;

namespace OpsConsole.Profiles;

/// <summary>
/// Personas: k-means over standardised profile features (spend, payments, activity, lesson completion,
/// membership, idleness and the share of attention per catalogue topic). Each persona is named after the
/// features that set its centre furthest from the average learner.
/// </summary>
public sealed class PersonaModel
{
    private const int MaxIdleDays = 180;
    private static readonly string[] BaseFeatures = ["net spend", "payments", "active days (30d)", "lesson completion", "member", "days since active"];

    private readonly string[] _features;
    private readonly double[] _mean;
    private readonly double[] _std;
    private readonly float[][] _centroids;

    private PersonaModel(string[] features, double[] mean, double[] std, float[][] centroids) =>
        (_features, _mean, _std, _centroids) = (features, mean, std, centroids);

    public int Count => _centroids.Length;

    /// <summary>Fits personas to the drafts, or returns null when there are too few active learners to cluster.</summary>
    public static PersonaModel? Fit(IReadOnlyList<ProfileDraft> drafts, IEnumerable<string> topics, int clusters)
    {
        var features = BaseFeatures.Concat(topics.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(t => "topic: " + t)).ToArray();
        var rows = drafts.Where(d => d.Profile.LastActiveAt is not null).Select(d => Raw(d, features, d.Profile.ComputedAt)).ToList();
        if (rows.Count < clusters * 10)
        {
            return null;
        }
        var mean = new double[features.Length];
        var std = new double[features.Length];
        for (var i = 0; i < features.Length; i++)
        {
            mean[i] = rows.Average(r => r[i]);
            var variance = rows.Average(r => (r[i] - mean[i]) * (r[i] - mean[i]));
            std[i] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }
        var scaled = rows.Select(r => Scale(r, mean, std)).ToList();
        var centroids = PersonaClustering.Train(scaled, clusters);
        // Number personas by size so the ids read the same after every rebuild of the same data.
        var sizes = new int[centroids.Length];
        foreach (var row in scaled)
        {
            sizes[PersonaClustering.Nearest(centroids, row)]++;
        }
        var ordered = Enumerable.Range(0, centroids.Length).OrderByDescending(c => sizes[c]).ThenBy(c => c).Select(c => centroids[c]).ToArray();
        return new PersonaModel(features, mean, std, ordered);
    }

    /// <summary>The persona id (1-based) for a profile; null for a learner never active.</summary>
    public int? Assign(ProfileDraft draft) =>
        draft.Profile.LastActiveAt is null ? null : 1 + PersonaClustering.Nearest(_centroids, Scale(Raw(draft, _features, draft.Profile.ComputedAt), _mean, _std));

    public IReadOnlyList<Persona> Describe(IReadOnlyList<ProfileDraft> drafts, DateTime trainedAt)
    {
        var sizes = drafts.Select(Assign).OfType<int>().GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var scaling = JsonSerializer.Serialize(new Scaling(_features, _mean, _std));
        return [.. _centroids.Select((centroid, c) =>
        {
            var strongest = Enumerable.Range(0, centroid.Length).OrderByDescending(i => Math.Abs(centroid[i])).ThenBy(i => i).Take(3).ToList();
            return new Persona
            {
                Id = c + 1,
                Label = string.Join(" · ", strongest.Take(2).Select(i => Phrase(_features[i], centroid[i]))),
                Description = string.Join(" · ", strongest.Select(i => $"{_features[i]} {centroid[i].ToString("+0.0;-0.0", CultureInfo.InvariantCulture)}σ")),
                Size = sizes.GetValueOrDefault(c + 1),
                Centroid = JsonSerializer.Serialize(centroid),
                Scaling = scaling,
                TrainedAt = trainedAt,
            };
        })];
    }

    /// <summary>Restores the model a rebuild stored, so refreshed profiles land in the same personas.</summary>
    public static PersonaModel? Load(IReadOnlyList<Persona> personas)
    {
        if (personas.Count == 0)
        {
            return null;
        }
        var scaling = JsonSerializer.Deserialize<Scaling>(personas[0].Scaling)!;
        var centroids = personas.OrderBy(p => p.Id).Select(p => JsonSerializer.Deserialize<float[]>(p.Centroid)!).ToArray();
        return new PersonaModel(scaling.Features, scaling.Mean, scaling.Std, centroids);
    }

    private static string Phrase(string feature, float z) => (feature, z > 0) switch
    {
        ("member", true) => "Members",
        ("member", false) => "Non-members",
        ("days since active", true) => "Drifting away",
        ("days since active", false) => "Recently active",
        (var f, true) when f.StartsWith("topic: ", StringComparison.Ordinal) => Capitalised(f[7..]) + " focus",
        (var f, false) when f.StartsWith("topic: ", StringComparison.Ordinal) => "Little " + f[7..],
        (var f, true) => "High " + f,
        (var f, false) => "Low " + f,
    };

    private static string Capitalised(string topic) => topic.Length == 0 ? topic : char.ToUpperInvariant(topic[0]) + topic[1..];

    private static double[] Raw(ProfileDraft draft, string[] features, DateTime asOf)
    {
        var p = draft.Profile;
        var row = new double[features.Length];
        row[0] = Math.Log(1 + Math.Max(0, (double)p.NetSpend));
        row[1] = Math.Log(1 + p.Payments);
        row[2] = p.ActiveDays30;
        row[3] = p.LessonCompletionRate;
        row[4] = p.Membership is MembershipState.Active or MembershipState.Cancelling ? 1 : 0;
        row[5] = p.LastActiveAt is { } last ? Math.Min(MaxIdleDays, (asOf - last).TotalDays) : MaxIdleDays;
        for (var i = BaseFeatures.Length; i < features.Length; i++)
        {
            row[i] = draft.TopicShares.GetValueOrDefault(features[i][7..]);
        }
        return row;
    }

    private static float[] Scale(double[] raw, double[] mean, double[] std)
    {
        var scaled = new float[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            scaled[i] = (float)((raw[i] - mean[i]) / std[i]);
        }
        return scaled;
    }

    private sealed record Scaling(string[] Features, double[] Mean, double[] Std);
}
