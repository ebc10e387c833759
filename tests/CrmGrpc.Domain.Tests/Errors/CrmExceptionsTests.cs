using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Tests.Errors;

public class CrmExceptionsTests
{
    [Fact]
    public void InvalidArgument_with_one_field_names_it()
    {
        var exception = new InvalidArgumentException("period.end", "must be after period.start");

        Assert.Equal("period.end: must be after period.start", exception.Message);
        Assert.Equal(new FieldViolation("period.end", "must be after period.start"), Assert.Single(exception.Violations));
    }

    [Fact]
    public void InvalidArgument_with_several_fields_lists_them_all()
    {
        var exception = new InvalidArgumentException([
            new FieldViolation("id", "id is required"),
            new FieldViolation("currency", "'EUR' is not the book's currency USD", RejectionReason.BadCurrency),
        ]);

        Assert.Equal("2 invalid fields: id: id is required; currency: 'EUR' is not the book's currency USD", exception.Message);
        Assert.Equal(2, exception.Violations.Count);
    }

    [Fact]
    public void NotFound_and_AlreadyExists_name_the_resource_and_id()
    {
        Assert.Equal("customer 'c-1' was not found", new NotFoundException("customer", "c-1").Message);
        Assert.Equal("customer 'c-1' already exists", new AlreadyExistsException("customer", "c-1").Message);
        Assert.Equal("not enough data", new FailedPreconditionException("not enough data").Message);
    }

    [Fact]
    public void NotFound_and_AlreadyExists_echo_a_long_id_cut_with_its_length()
    {
        var id = new string('i', 100_000);

        Assert.Equal($"customer {Echo.Quote(id)} was not found", new NotFoundException("customer", id).Message);
        Assert.Equal($"customer {Echo.Quote(id)} already exists", new AlreadyExistsException("customer", id).Message);
        Assert.True(new NotFoundException("customer", id).Message.Length < 120);
    }

    [Fact]
    public void All_are_CrmExceptions()
    {
        Assert.IsAssignableFrom<CrmException>(new InvalidArgumentException("f", "d"));
        Assert.IsAssignableFrom<CrmException>(new NotFoundException("r", "i"));
        Assert.IsAssignableFrom<CrmException>(new AlreadyExistsException("r", "i"));
        Assert.IsAssignableFrom<CrmException>(new FailedPreconditionException("m"));
    }
}
