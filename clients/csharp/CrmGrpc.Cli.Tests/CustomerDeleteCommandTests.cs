using CrmGrpc.Cli.Commands;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Tests;

/// <summary><c>crm customers delete ID</c>: what it accepts, and how it prints what the server erased.</summary>
public class CustomerDeleteCommandTests
{
    private static List<string> Errors(params string[] args) =>
        [.. CrmCommandLine.Create().Parse(args).Errors.Select(e => e.Message)];

    [Theory]
    [InlineData("customers", "delete", "00042")]
    [InlineData("customer", "delete", "c-1", "--json")]
    public void Delete_takes_one_id(params string[] args) => Assert.Empty(Errors(args));

    [Theory]
    [InlineData("customers", "delete")]
    [InlineData("customers", "delete", "a", "b")]
    public void Delete_without_exactly_one_id_is_a_usage_error(params string[] args) => Assert.NotEmpty(Errors(args));

    [Fact]
    public void The_id_is_the_argument_given()
    {
        var result = CrmCommandLine.Create().Parse(["customers", "delete", "00042"]);

        Assert.Equal("00042", result.GetValue<string>("id"));
        Assert.Equal("delete", result.CommandResult.Command.Name);
    }

    [Fact]
    public void Erasure_prints_the_id_and_each_kinds_count()
    {
        var console = new TestConsole();

        ResourceViews.PrintErasure(console.Console, new DeleteCustomerResponse
        {
            Id = "c-[1]", Transactions = 1234, SurveyResponses = 2, SupportInteractions = 3, ActivityEvents = 4, RunResults = 5,
            CrmChanges = 6, RejectedRows = 7,
        });

        var lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("erased customer c-[1]", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("transactions", StringComparison.Ordinal) && l.EndsWith("1,234", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("survey responses", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("support interactions", StringComparison.Ordinal) && l.EndsWith(" 3", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("activity events", StringComparison.Ordinal) && l.EndsWith(" 4", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("stored run results", StringComparison.Ordinal) && l.EndsWith(" 5", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("crm changes treating it", StringComparison.Ordinal) && l.EndsWith(" 6", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("rejected import rows", StringComparison.Ordinal) && l.EndsWith(" 7", StringComparison.Ordinal));
        Assert.Equal(8, lines.Length);
    }
}
