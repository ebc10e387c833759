using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Tests.Infrastructure;

namespace CrmGrpc.Server.Tests.Mapping;

public sealed class ProtoTextTests
{
    [Fact]
    public void A_request_without_a_NUL_has_no_violations()
    {
        var request = new CreateCustomerRequest { Customer = Rows.Customer("c-1") };
        request.Customer.Attributes["tier"] = "gold\t\u0001 é";

        Assert.Empty(ProtoText.NulViolations(request));
    }

    [Fact]
    public void Every_text_holding_a_NUL_is_named_by_its_path()
    {
        // Rows.Customer makes the e-mail from the id.
        var request = new CreateCustomerRequest { Customer = Rows.Customer("c-\0") };
        request.Customer.Name = "\0";
        request.Customer.Attributes["tier"] = "a\0";

        Assert.Equal(["customer.id", "customer.name", "customer.email", "customer.attributes[tier]"], ProtoText.NulViolations(request).Select(v => v.Field));
    }
}
