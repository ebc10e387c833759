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
}
