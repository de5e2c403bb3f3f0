using System.Globalization;

namespace OpsConsole.Recommendations;

/// <summary>One rating in dense indexes.</summary>
public readonly record struct Rating(int User, int Item, float Value, long Timestamp);

/// <summary>A ratings file read into dense indexes; <see cref="UserIds"/> and <see cref="ItemIds"/> map them back.</summary>
public sealed record RatingsData(IReadOnlyList<string> UserIds, IReadOnlyList<string> ItemIds, IReadOnlyList<Rating> Ratings);

/// <summary>A ratings file that cannot be read, with the place and field at fault.</summary>
public sealed class RatingsFormatException(string file, int line, string? field, string problem)
    : FormatException(field is null ? $"{file}, line {line}: {problem}" : $"{file}, line {line}, field '{field}': {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string? Field { get; } = field;
}

/// <summary>
/// Reads MovieLens-style ratings, telling the layout from the content: <c>u.data</c> (tab-separated
/// <c>user item rating timestamp</c>, no header), <c>ratings.csv</c> (header <c>userId,movieId,rating,timestamp</c>)
/// or <c>ratings.dat</c> (<c>user::item::rating::timestamp</c>).
/// </summary>
public static class RatingsFile
{
    private static readonly string[] Fields = ["user", "item", "rating", "timestamp"];
    private static readonly string[] CsvHeader = ["userId", "movieId", "rating", "timestamp"];

    public static RatingsData Read(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"Ratings file '{path}' does not exist.", path);
        }
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <param name="name">How errors name the source (the file path).</param>
    public static RatingsData Read(TextReader reader, string name)
    {
        var users = new Dictionary<string, int>();
        var items = new Dictionary<string, int>();
        var userIds = new List<string>();
        var itemIds = new List<string>();
        var ratings = new List<Rating>();
        string[]? separator = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (separator is null)
            {
                separator = Detect(line, name, lineNumber);
                if (separator[0] == "," && IsCsvHeader(line, name, lineNumber))
                {
                    continue;
                }
            }
            var parts = line.TrimEnd('\r').Split(separator, StringSplitOptions.None);
            if (parts.Length != 4)
            {
                throw new RatingsFormatException(name, lineNumber, null, $"expected 4 fields (user, item, rating, timestamp) but found {parts.Length}.");
            }
            var user = Id(parts[0], name, lineNumber, Fields[0]);
            var item = Id(parts[1], name, lineNumber, Fields[1]);
            if (!float.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
            {
                throw new RatingsFormatException(name, lineNumber, Fields[2], $"'{parts[2]}' is not a number.");
            }
            if (!long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp))
            {
                throw new RatingsFormatException(name, lineNumber, Fields[3], $"'{parts[3]}' is not a whole number of Unix seconds.");
            }
            ratings.Add(new Rating(Index(users, userIds, user), Index(items, itemIds, item), value, timestamp));
        }
        if (ratings.Count == 0)
        {
            throw new RatingsFormatException(name, Math.Max(1, lineNumber), null, lineNumber == 0 ? "the file is empty." : "the file holds no ratings.");
        }
        return new RatingsData(userIds, itemIds, ratings);
    }

    private static string[] Detect(string line, string name, int lineNumber)
    {
        if (line.Contains('\t'))
        {
            return ["\t"];
        }
        if (line.Contains("::", StringComparison.Ordinal))
        {
            return ["::"];
        }
        if (line.Contains(','))
        {
            return [","];
        }
        throw new RatingsFormatException(name, lineNumber, null,
            "unrecognised layout: expected tab-separated 'user item rating timestamp' (u.data), a CSV with the header 'userId,movieId,rating,timestamp' (ratings.csv) or 'user::item::rating::timestamp' (ratings.dat).");
    }

    /// <summary>A first CSV line is a header when its rating column is not a number; then it must be the MovieLens header.</summary>
    private static bool IsCsvHeader(string line, string name, int lineNumber)
    {
        var parts = line.Trim().Split(',');
        if (parts.Length == 4 && float.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }
        if (parts.Length != 4 || !parts.Select(p => p.Trim()).SequenceEqual(CsvHeader, StringComparer.OrdinalIgnoreCase))
        {
            throw new RatingsFormatException(name, lineNumber, null, $"the CSV header must be '{string.Join(',', CsvHeader)}', not '{line.Trim()}'.");
        }
        return true;
    }

    private static string Id(string text, string name, int lineNumber, string field)
    {
        var id = text.Trim();
        return id.Length > 0 ? id : throw new RatingsFormatException(name, lineNumber, field, "is empty.");
    }

    private static int Index(Dictionary<string, int> indexes, List<string> ids, string id)
    {
        if (!indexes.TryGetValue(id, out var index))
        {
            indexes[id] = index = ids.Count;
            ids.Add(id);
        }
        return index;
    }
}

/// <summary>The train/test split of the ratings yardstick.</summary>
public static class RatingsSplit
{
    /// <summary>
    /// For each item, its ratings are shuffled (one seeded generator, items in index order) and the first
    /// round(ratio·count) of them go to train, the rest to test. Rounding is half-to-even, as Python's
    /// <c>round</c> in microsoft/recommenders' stratified splitter, so an item rated once stays in train.
    /// </summary>
    public static (Rating[] Train, Rating[] Test) ByItem(RatingsData data, double ratio, int seed) =>
        Stratified(data, ratio, seed, data.ItemIds.Count, r => r.Item);

    /// <summary>
    /// The same per learner: each learner's ratings are shuffled and round(ratio·count) go to train. This is how
    /// microsoft/recommenders' stratified splitter groups by default, so its published tables compare with it.
    /// </summary>
    public static (Rating[] Train, Rating[] Test) ByUser(RatingsData data, double ratio, int seed) =>
        Stratified(data, ratio, seed, data.UserIds.Count, r => r.User);

    private static (Rating[] Train, Rating[] Test) Stratified(RatingsData data, double ratio, int seed, int groupCount, Func<Rating, int> group)
    {
        if (!(ratio > 0 && ratio < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The train ratio must lie strictly between 0 and 1.");
        }
        var groups = new List<Rating>[groupCount];
        foreach (var rating in data.Ratings)
        {
            (groups[group(rating)] ??= []).Add(rating);
        }
        var random = new Random(seed);
        var train = new List<Rating>(data.Ratings.Count);
        var test = new List<Rating>(data.Ratings.Count / 3);
        foreach (var ratings in groups)
        {
            if (ratings is null)
            {
                continue;
            }
            var shuffled = ratings.ToArray();
            random.Shuffle(shuffled);
            var toTrain = (int)Math.Round(ratio * shuffled.Length, MidpointRounding.ToEven);
            train.AddRange(shuffled.AsSpan(0, toTrain));
            test.AddRange(shuffled.AsSpan(toTrain));
        }
        return ([.. train], [.. test]);
    }

    /// <summary>
    /// The training set generators see. <paramref name="weighted"/> keeps the rating as the interaction weight;
    /// otherwise every rating is an interaction of weight 1 (a rating says the learner watched the film).
    /// </summary>
    public static TrainingSet ToTrainingSet(RatingsData data, IEnumerable<Rating> train, bool weighted = false)
    {
        var interactions = train
            .Select(r => new Interaction(r.User, r.Item, weighted ? r.Value : 1f, r.Timestamp))
            .OrderBy(i => i.User).ThenBy(i => i.Timestamp).ThenBy(i => i.Item)
            .ToArray();
        return new TrainingSet
        {
            UserCount = data.UserIds.Count,
            Items = [.. data.ItemIds.Select(id => new ItemFeatures(id, "", "", [], true))],
            Interactions = interactions,
            Now = interactions.Length == 0 ? 0 : interactions.Max(i => i.Timestamp),
        };
    }

    public static Interaction[] ToInteractions(IEnumerable<Rating> ratings) =>
        [.. ratings.Select(r => new Interaction(r.User, r.Item, 1f, r.Timestamp))];
}
