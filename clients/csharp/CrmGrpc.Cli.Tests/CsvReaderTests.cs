using CrmGrpc.Cli.Csv;

namespace CrmGrpc.Cli.Tests;

public class CsvReaderTests
{
    private static List<CsvRecord> Read(string text, int bufferSize = 64 * 1024)
    {
        using var reader = new CsvReader(new StringReader(text), bufferSize: bufferSize);
        return [.. reader.ReadAll()];
    }

    [Fact]
    public void Reads_plain_fields_and_line_numbers()
    {
        var records = Read("a,b,c\n1,2,3\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b", "c"], records[0].Fields);
        Assert.Equal(["1", "2", "3"], records[1].Fields);
        Assert.Equal(1, records[0].Line);
        Assert.Equal(2, records[1].Line);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_newlines()
    {
        var records = Read("id,name\n1,\"Doe, Jane\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,x\n");

        Assert.Equal("Doe, Jane", records[1][1]);
        Assert.Equal("say \"hi\"", records[2][1]);
        Assert.Equal("two\nlines", records[3][1]);
        Assert.Equal(4, records[3].Line);
        // The record after a two-line field starts on line 6.
        Assert.Equal(6, records[4].Line);
    }

    [Fact]
    public void Crlf_line_ends_are_not_part_of_fields_but_survive_inside_quotes()
    {
        var records = Read("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b"], records[0].Fields);
        Assert.Equal("x\r\ny", records[1][1]);
        Assert.Equal(["2", "z"], records[2].Fields);
        Assert.Equal(4, records[2].Line);
    }

    [Fact]
    public void Lone_cr_ends_a_line()
    {
        var records = Read("a,b\r1,2\r");

        Assert.Equal(2, records.Count);
        Assert.Equal(2, records[1].Line);
    }

    [Fact]
    public void Empty_fields_are_empty_strings_including_a_trailing_one()
    {
        var records = Read("a,,c,\n,\"\",,\n");

        Assert.Equal(["a", "", "c", ""], records[0].Fields);
        Assert.Equal(["", "", "", ""], records[1].Fields);
    }

    [Fact]
    public void Last_record_without_newline_and_blank_lines_are_handled()
    {
        var records = Read("a,b\n\n\r\n1,2");

        Assert.Equal(2, records.Count);
        Assert.Equal(["1", "2"], records[1].Fields);
        Assert.Equal(4, records[1].Line);
    }

    [Fact]
    public void Fields_spanning_buffer_boundaries_are_read_whole()
    {
        var text = "id,name\n12345,\"quoted, \"\"long\"\" value\"\r\n67890,unquoted-long-value\n";

        foreach (var size in new[] { 1, 2, 3, 7 })
        {
            var records = Read(text, size);
            Assert.Equal(3, records.Count);
            Assert.Equal("quoted, \"long\" value", records[1][1]);
            Assert.Equal(["67890", "unquoted-long-value"], records[2].Fields);
        }
    }

    [Fact]
    public void Text_after_a_closing_quote_marks_the_record_and_reading_goes_on()
    {
        var records = Read("a,b\n\"x\"y,2\n3,4\n");

        Assert.NotNull(records[1].Error);
        Assert.Equal(2, records[1].Fields.Count);
        Assert.Null(records[2].Error);
        Assert.Equal(["3", "4"], records[2].Fields);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_at_its_line()
    {
        var records = Read("a,b\n1,\"open\n2,3\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(2, records[1].Line);
        Assert.Contains("not closed", records[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_literal()
    {
        var records = Read("a\nsay \"hi\"\n");

        Assert.Equal("say \"hi\"", records[1][0]);
        Assert.Null(records[1].Error);
    }

    [Fact]
    public void Header_lookup_is_trimmed_and_case_insensitive_and_reports_missing_columns()
    {
        using var reader = new CsvReader(new StringReader(" ID ,Name,extra\n"));
        var header = CsvHeader.Read(reader);

        Assert.Equal(0, header.IndexOf("id"));
        Assert.Equal(1, header.IndexOf("name"));
        Assert.Equal(-1, header.IndexOf("email"));
        var ex = Assert.Throws<CsvSchemaException>(() => header.Require("id", "email", "acquired_at"));
        Assert.Contains("email, acquired_at", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_has_no_header()
    {
        using var reader = new CsvReader(new StringReader(""));

        Assert.Throws<CsvSchemaException>(() => CsvHeader.Read(reader));
    }

    [Fact]
    public void Record_indexer_gives_empty_for_absent_columns()
    {
        var record = new CsvRecord(1, ["a"]);

        Assert.Equal("a", record[0]);
        Assert.Equal("", record[-1]);
        Assert.Equal("", record[5]);
    }
}
