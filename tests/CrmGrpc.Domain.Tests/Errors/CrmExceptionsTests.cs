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
    public void All_are_CrmExceptions()
    {
        Assert.IsAssignableFrom<CrmException>(new InvalidArgumentException("f", "d"));
        Assert.IsAssignableFrom<CrmException>(new NotFoundException("r", "i"));
        Assert.IsAssignableFrom<CrmException>(new AlreadyExistsException("r", "i"));
        Assert.IsAssignableFrom<CrmException>(new FailedPreconditionException("m"));
    }
}
