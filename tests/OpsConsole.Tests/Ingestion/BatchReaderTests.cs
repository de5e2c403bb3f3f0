using System.Text;
using OpsConsole.Ingestion;

namespace OpsConsole.Tests.Ingestion;

public sealed class BatchReaderTests
{
    [Fact]
    public void ReadJsonArray_Array_NumbersRecordsInOrder()
    {
        var records = BatchReader.ReadJsonArray(Encoding.UTF8.GetBytes("""[{"a":1},{"a":2},3]"""));

        Assert.Equal([0, 1, 2], records.Select(r => r.Index));
        Assert.All(records, r => Assert.NotNull(r.Json));
    }

    [Theory]
    [InlineData("""{"eventId":"e"}""", "JSON array")]
    [InlineData("""[{"eventId":"e"},""", "not valid JSON")]
    public void ReadJsonArray_NotAnArray_ThrowsWithAClearMessage(string body, string message)
    {
        var error = Assert.Throws<MalformedBatchException>(() => BatchReader.ReadJsonArray(Encoding.UTF8.GetBytes(body)));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void ReadNdjson_BrokenLineAmongGoodOnes_MarksOnlyThatLineAndSkipsBlankLines()
    {
        var list = BatchReader.ReadNdjson(new StringReader("{\"a\":1}\n\n{broken\r\n{\"a\":3}\n")).ToList();

        Assert.Equal(3, list.Count);
        Assert.NotNull(list[0].Json);
        Assert.Null(list[1].Json);
        Assert.Contains("not valid JSON", list[1].ParseError);
        Assert.Equal("{broken", list[1].RawText);
        Assert.Equal(2, list[2].Index);
    }

    [Fact]
    public void CsvRead_QuotedFieldsNumbersAndTags_BecomeTypedJson()
    {
        var csv = "id,title,price,tags,properties\nc-1,\"Rust, \"\"the\"\" hard parts\",399.5,rust|async,\"{\"\"k\"\":1}\"\nc-2,short\n";

        var records = CsvRecords.Read(new StringReader(csv)).ToList();

        var json = records[0].Json!.Value;
        Assert.Equal("Rust, \"the\" hard parts", json.GetProperty("title").GetString());
        Assert.Equal(399.5m, json.GetProperty("price").GetDecimal());
        Assert.Equal(["rust", "async"], json.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(1, json.GetProperty("properties").GetProperty("k").GetInt32());
        Assert.Null(records[1].Json);
        Assert.Contains("has 2 columns but the header has 5", records[1].ParseError);
    }

    [Fact]
    public void ReadNdjsonBytes_BomCrLfBlankAndBrokenLines_ParsesInPlaceAndMarksTheBrokenOne()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{\"a\":1}\r\n   \r\n{\"a\":\"\u4e2d\u6587\"}\n"u8, 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D, .. "\n{\"a\":3}"u8];

        var records = BatchReader.ReadNdjson(body);

        Assert.Equal([0, 1, 2, 3], records.Select(r => r.Index));
        Assert.Equal(1, records[0].Json!.Value.GetProperty("a").GetInt32());
        Assert.Equal("\u4e2d\u6587", records[1].Json!.Value.GetProperty("a").GetString());
        Assert.Null(records[2].Json);
        Assert.Equal("is not valid UTF-8", records[2].ParseError);
        Assert.Equal(3, records[3].Json!.Value.GetProperty("a").GetInt32());
    }
}
