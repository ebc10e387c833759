using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Tests.Errors;

public class EchoTests
{
    [Fact]
    public void A_short_value_is_quoted_whole()
    {
        Assert.Equal("'EUR'", Echo.Quote("EUR"));
        Assert.Equal("''", Echo.Quote(null));
        Assert.Equal($"'{new string('x', Echo.MaxValueChars)}'", Echo.Quote(new string('x', Echo.MaxValueChars)));
    }

    [Fact]
    public void A_long_value_is_cut_and_its_length_given()
    {
        var quoted = Echo.Quote(new string('X', 3000));

        Assert.Equal($"'{new string('X', Echo.MaxValueChars - 1)}…' (3000 characters)", quoted);
    }

    [Fact]
    public void Clip_keeps_short_text_and_cuts_long_text_to_the_limit_with_an_ellipsis()
    {
        Assert.Equal("abc", Echo.Clip("abc", 3));
        Assert.Equal("ab…", Echo.Clip("abcd", 3));
        Assert.Equal("", Echo.Clip(null, 3));
    }

    [Fact]
    public void Clip_never_splits_a_surrogate_pair()
    {
        var clipped = Echo.Clip("a😀😀😀", 3); // a, then a pair at 1-2: keeping two characters would split it

        Assert.Equal("a…", clipped);
    }

    [Fact]
    public void List_shows_the_first_values_and_counts_the_rest()
    {
        Assert.Equal("'a', 'b'", Echo.List(["a", "b"]));
        Assert.Equal("'a', 'b' and 3 more", Echo.List(["a", "b", "c", "d", "e"], maxValues: 2));
    }
}
