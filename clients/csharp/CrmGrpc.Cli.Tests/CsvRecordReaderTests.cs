using System.Text;
using CrmGrpc.Cli.Csv;

namespace CrmGrpc.Cli.Tests;

/// <summary>The Sep-backed record reader: RFC 4180 quoting, line numbers, line ends, blank lines, a BOM, malformed quotes.</summary>
public class CsvRecordReaderTests
{
    /// <summary>Every record as (line, fields, error): the reader refills one instance, so each is copied out.</summary>
    private static List<(long Line, string[] Fields, string? Error)> Read(string text) => Read(new CsvRecordReader(new StringReader(text)));

    private static List<(long Line, string[] Fields, string? Error)> Read(CsvRecordReader reader)
    {
        using (reader)
        {
            return [.. reader.ReadAll().Select(r => (r.Line, Fields(r), r.Error))];
        }
    }

    private static string[] Fields(CsvRecord record) => [.. Enumerable.Range(0, record.FieldCount).Select(i => record[i].ToString())];

    [Fact]
    public void Reads_plain_fields_and_line_numbers()
    {
        var records = Read("a,b,c\n1,2,3\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b", "c"], records[0].Fields);
        Assert.Equal(["1", "2", "3"], records[1].Fields);
        Assert.Equal([1L, 2], records.Select(r => r.Line));
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_newlines_and_later_lines_count_them()
    {
        var records = Read("id,name\n1,\"Doe, Jane\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,x\n5,\"three\n\nlines\"\n6,y\n");

        Assert.Equal("Doe, Jane", records[1].Fields[1]);
        Assert.Equal("say \"hi\"", records[2].Fields[1]);
        Assert.Equal("two\nlines", records[3].Fields[1]);
        Assert.Equal("three\n\nlines", records[5].Fields[1]);
        // Lines: header 1, then 2, 3, 4-5, 6, 7-9, 10.
        Assert.Equal([1L, 2, 3, 4, 6, 7, 10], records.Select(r => r.Line));
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void A_record_knows_the_line_after_its_last()
    {
        using var reader = new CsvRecordReader(new StringReader("a,b\n1,\"x\ny\nz\"\n2,w\n"));
        reader.ReadRecord();

        var record = reader.ReadRecord()!;

        Assert.Equal((2L, 5L), (record.Line, record.LineAfter));
    }

    [Fact]
    public void Crlf_line_ends_are_not_part_of_fields_but_survive_inside_quotes()
    {
        var records = Read("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b"], records[0].Fields);
        Assert.Equal("x\r\ny", records[1].Fields[1]);
        Assert.Equal(["2", "z"], records[2].Fields);
        Assert.Equal(4, records[2].Line);
    }

    [Fact]
    public void Lone_cr_ends_a_line()
    {
        var records = Read("a,b\r1,2\r3,4");

        Assert.Equal(3, records.Count);
        Assert.Equal([1L, 2, 3], records.Select(r => r.Line));
        Assert.Equal(["3", "4"], records[2].Fields);
    }

    [Fact]
    public void Empty_fields_are_empty_including_a_trailing_one_and_a_quoted_one()
    {
        var records = Read("a,,c,\n,\"\",,\n");

        Assert.Equal(["a", "", "c", ""], records[0].Fields);
        Assert.Equal(["", "", "", ""], records[1].Fields);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_still_counted_and_the_last_record_needs_no_newline()
    {
        var records = Read("\na,b\n\n\r\n1,2\n\n3,4");

        Assert.Equal(3, records.Count);
        Assert.Equal([2L, 5, 7], records.Select(r => r.Line));
        Assert.Equal(["3", "4"], records[2].Fields);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_not_part_of_the_first_name()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("id,name\r\n1,Zoë\r\n")).ToArray();

        var records = Read(new CsvRecordReader(new MemoryStream(bytes)));

        Assert.Equal(["id", "name"], records[0].Fields);
        Assert.Equal(["1", "Zoë"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
    }

    [Fact]
    public void A_field_longer_than_the_reader_buffers_is_read_whole()
    {
        var longText = new string('x', 300_000);

        var records = Read($"id,note\n1,\"{longText}\"\n2,{longText}\n3,short\n");

        Assert.Equal(longText, records[1].Fields[1]);
        Assert.Equal(longText, records[2].Fields[1]);
        Assert.Equal(["3", "short"], records[3].Fields);
        Assert.Equal(4, records[3].Line);
    }

    [Fact]
    public void Text_after_a_closing_quote_marks_the_record_and_reading_goes_on()
    {
        var records = Read("a,b\n\"x\"y,2\n3,4\n");

        Assert.Equal("text after a closing quote", records[1].Error);
        Assert.Equal(["xy", "2"], records[1].Fields);
        Assert.Null(records[2].Error);
        Assert.Equal(["3", "4"], records[2].Fields);
        Assert.Equal(3, records[2].Line);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_at_the_line_it_opened()
    {
        var records = Read("a,b\n1,\"open\n2,3\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(2, records[1].Line);
        Assert.Contains("opened on line 2 is not closed", records[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_doubled_quote_before_the_end_does_not_close_the_field()
    {
        var records = Read("a\n\"x\"\"\n");

        Assert.Contains("not closed", records[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_literal()
    {
        var records = Read("a\nsay \"hi\"\n");

        Assert.Equal("say \"hi\"", records[1].Fields[0]);
        Assert.Null(records[1].Error);
    }

    [Fact]
    public void Header_lookup_is_trimmed_and_case_insensitive_and_reports_missing_columns()
    {
        using var reader = new CsvRecordReader(new StringReader(" ID ,Name,extra\n"));
        var header = CsvHeader.Read(reader);

        Assert.Equal(0, header.IndexOf("id"));
        Assert.Equal(1, header.IndexOf("name"));
        Assert.Equal(-1, header.IndexOf("email"));
        var ex = Assert.Throws<CsvSchemaException>(() => header.Require("id", "email", "acquired_at"));
        Assert.Contains("email, acquired_at", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\r\n\n")]
    public void A_file_without_a_record_has_no_header(string text)
    {
        using var reader = new CsvRecordReader(new StringReader(text));

        Assert.Throws<CsvSchemaException>(() => CsvHeader.Read(reader));
    }

    [Fact]
    public void A_malformed_header_is_a_schema_error()
    {
        using var reader = new CsvRecordReader(new StringReader("\"id\"x,name\n1,a\n"));

        var ex = Assert.Throws<CsvSchemaException>(() => CsvHeader.Read(reader));
        Assert.Contains("header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_indexer_gives_empty_for_absent_columns()
    {
        var record = CsvRecord.Of(1, "a");

        Assert.Equal("a", record[0].ToString());
        Assert.True(record[-1].IsEmpty);
        Assert.True(record[5].IsEmpty);
    }
}
