using CrmGrpc.Data.Sqlite.Rows;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;

namespace CrmGrpc.Data.Sqlite.Tests.Rows;

public class CustomerRowsTests
{
    [Fact]
    public void SerializeAttributes_sorts_keys_so_equal_maps_store_equal_text()
    {
        var forward = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["B"] = "3" };
        var backward = new Dictionary<string, string> { ["B"] = "3", ["a"] = "1", ["b"] = "2" };

        Assert.Equal("""{"B":"3","a":"1","b":"2"}""", CustomerMapping.SerializeAttributes(forward));
        Assert.Equal(CustomerMapping.SerializeAttributes(forward), CustomerMapping.SerializeAttributes(backward));
    }

    [Fact]
    public void SerializeAttributes_of_an_empty_map_is_an_empty_object()
    {
        Assert.Equal("{}", CustomerMapping.SerializeAttributes(new Dictionary<string, string>()));
    }

    [Fact]
    public void ToEntity_reads_unix_milliseconds_as_utc_and_attributes_as_json()
    {
        var row = new CustomerRow
        {
            Id = "c-1", Name = "n", Email = "e@x", Segment = "s", Channel = "ch",
            AcquiredAt = Samples.T0.ToUnixTimeMilliseconds(), ChurnedAt = null,
            Attributes = """{"k":"v \"quoted\""}""", CreateTime = 1, UpdateTime = 2,
        };

        var customer = CustomerMapping.Instance.ToEntity(row);

        Assert.Equal(Samples.T0, customer.AcquiredAt);
        Assert.Equal(TimeSpan.Zero, customer.AcquiredAt.Offset);
        Assert.Null(customer.ChurnedAt);
        Assert.Equal("v \"quoted\"", customer.Attributes["k"]);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMilliseconds(1), customer.CreateTime);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMilliseconds(2), customer.UpdateTime);
    }
}
