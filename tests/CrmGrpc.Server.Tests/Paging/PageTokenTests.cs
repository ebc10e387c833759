using CrmGrpc.Domain.Errors;
using CrmGrpc.Server.Paging;

namespace CrmGrpc.Server.Tests.Paging;

public sealed class PageTokenTests
{
    [Fact]
    public void A_token_round_trips_its_position_for_the_same_rpc_and_filters()
    {
        var token = PageToken.Encode("ListCustomers", "smb|web", "C-42");
        Assert.Equal("C-42", PageToken.Decode(token, "ListCustomers", "smb|web"));
    }

    [Fact]
    public void An_empty_token_is_the_first_page() => Assert.Null(PageToken.Decode("", "ListCustomers", ""));

    [Theory]
    [InlineData("ListTransactions", "smb|web")]
    [InlineData("ListCustomers", "enterprise|web")]
    public void A_token_is_refused_by_another_rpc_or_other_filters(string rpc, string filters)
    {
        var token = PageToken.Encode("ListCustomers", "smb|web", "C-42");
        var error = Assert.Throws<InvalidArgumentException>(() => PageToken.Decode(token, rpc, filters));
        Assert.Equal("page_token", Assert.Single(error.Violations).Field);
    }

    [Theory]
    [InlineData("not base64 !!")]
    [InlineData("AAAA")]
    public void Garbage_is_refused(string token) =>
        Assert.Throws<InvalidArgumentException>(() => PageToken.Decode(token, "ListCustomers", ""));

    [Theory]
    [InlineData(0, 100)]
    [InlineData(5, 5)]
    [InlineData(5000, 1000)]
    public void Page_sizes_default_and_are_capped(int requested, int expected) =>
        Assert.Equal(expected, PageToken.Size(requested, 100, 1000));

    [Fact]
    public void A_negative_page_size_is_invalid() =>
        Assert.Equal("page_size", Assert.Single(Assert.Throws<InvalidArgumentException>(() => PageToken.Size(-1, 100, 1000)).Violations).Field);

    [Fact]
    public void A_position_keeps_its_number_and_a_rest_that_has_spaces()
    {
        Assert.Equal((1_700_000_000_123L, "id with spaces"), PageToken.ReadPosition(PageToken.Position(1_700_000_000_123L, "id with spaces")));
        Assert.Equal((-5L, "42"), PageToken.ReadPosition(PageToken.Position(-5L, "42")));
    }

    [Fact]
    public void A_floating_point_position_reads_back_exactly()
    {
        const double Value = 0.1 + 0.2;
        Assert.Equal((Value, "c-1"), PageToken.ReadDoublePosition(PageToken.Position(Value, "c-1")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("x 12")]
    [InlineData(" 12")]
    public void A_malformed_position_is_an_invalid_page_token(string position) =>
        Assert.Equal("page_token", Assert.Single(Assert.Throws<InvalidArgumentException>(() => PageToken.ReadPosition(position)).Violations).Field);

    [Fact]
    public void A_rest_that_is_not_a_number_is_an_invalid_page_token() =>
        Assert.Throws<InvalidArgumentException>(() => PageToken.ReadNumber("seven"));
}
