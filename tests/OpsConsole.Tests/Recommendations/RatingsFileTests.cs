using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class RatingsFileTests
{
    private static RatingsData Read(string text) => RatingsFile.Read(new StringReader(text), "ratings");

    [Fact]
    public void Read_TabSeparatedWithoutHeader_ReadsUData()
    {
        var data = Read("196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t5\t881250950\n");

        Assert.Equal(["196", "186"], data.UserIds);
        Assert.Equal(["242", "302"], data.ItemIds);
        Assert.Equal(new Rating(0, 1, 5f, 881250950), data.Ratings[2]);
    }

    [Fact]
    public void Read_CsvWithHeader_SkipsTheHeader()
    {
        var data = Read("userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n1,1029,3.0,1260759179\r\n\r\n");

        Assert.Equal(2, data.Ratings.Count);
        Assert.Equal(new Rating(0, 0, 2.5f, 1260759144), data.Ratings[0]);
    }

    [Fact]
    public void Read_DoubleColonSeparated_ReadsRatingsDat()
    {
        var data = Read("1::1193::5::978300760\n1::661::3::978302109\n");

        Assert.Equal(["1193", "661"], data.ItemIds);
    }

    [Fact]
    public void Read_RatingNotANumber_NamesFileLineAndField()
    {
        var error = Assert.Throws<RatingsFormatException>(() => Read("1\t2\t3\t4\n1\t3\tfive\t5\n"));

        Assert.Equal(2, error.Line);
        Assert.Equal("rating", error.Field);
        Assert.Equal("ratings, line 2, field 'rating': 'five' is not a number.", error.Message);
    }

    [Fact]
    public void Read_TimestampNotAWholeNumber_NamesTheField()
    {
        var error = Assert.Throws<RatingsFormatException>(() => Read("userId,movieId,rating,timestamp\n1,2,3,yesterday\n"));

        Assert.Equal(2, error.Line);
        Assert.Equal("timestamp", error.Field);
    }

    [Fact]
    public void Read_MissingField_SaysHowManyWereFound()
    {
        var error = Assert.Throws<RatingsFormatException>(() => Read("1\t2\t3\t4\n\n1\t2\t3\n"));

        Assert.Equal(3, error.Line);
        Assert.Contains("found 3", error.Message);
    }

    [Fact]
    public void Read_EmptyFile_SaysSo()
    {
        var error = Assert.Throws<RatingsFormatException>(() => Read(""));

        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Read_CsvWithAnotherHeader_RejectsLineOne()
    {
        var error = Assert.Throws<RatingsFormatException>(() => Read("user,item,score,time\n1,2,3,4\n"));

        Assert.Equal(1, error.Line);
        Assert.Contains("userId,movieId,rating,timestamp", error.Message);
    }

    [Fact]
    public void Read_SpaceSeparated_RejectsTheLayout()
    {
        var error = Assert.Throws<RatingsFormatException>(() => Read("1 2 3 4\n"));

        Assert.Contains("unrecognised layout", error.Message);
    }

    [Fact]
    public void Read_MissingFile_NamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.data");

        var error = Assert.Throws<FileNotFoundException>(() => RatingsFile.Read(path));

        Assert.Contains(path, error.Message);
    }
}
