using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Import;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Paging;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Services;

/// <summary>crm.v1.CustomerService: validates, delegates to the repository, maps.</summary>
public sealed class CustomerGrpcService(
    ICustomerRepository customers, ImportRunner importer, RequestChecks checks, IOptions<CrmOptions> options)
    : CustomerService.CustomerServiceBase
{
    private static readonly HashSet<string> MutablePaths =
        ["name", "email", "segment", "channel", "acquired_at", "churned_at", "attributes"];

    private readonly ImportDefinition<Customer, Domain.Entities.Customer> _import = new(
        c => c.Id, EntityMapper.ToDomain, EntityRules.Check, customers.ImportAsync);

    public override async Task<CreateCustomerResponse> CreateCustomer(CreateCustomerRequest request, ServerCallContext context)
    {
        var customer = EntityMapper.ToDomain(RequestChecks.Required(request.Customer, "customer"));
        RequestChecks.ThrowIfInvalid(EntityRules.Check(customer, checks.Context()), "customer.");
        var stored = await customers.CreateAsync(customer, context.CancellationToken);
        return new CreateCustomerResponse { Customer = EntityMapper.ToProto(stored) };
    }

    public override async Task<GetCustomerResponse> GetCustomer(GetCustomerRequest request, ServerCallContext context)
    {
        var id = checks.RequiredId(request.Id, "id");
        var stored = await customers.GetAsync(id, context.CancellationToken) ?? throw new NotFoundException("customer", id);
        return new GetCustomerResponse { Customer = EntityMapper.ToProto(stored) };
    }

    public override async Task<UpdateCustomerResponse> UpdateCustomer(UpdateCustomerRequest request, ServerCallContext context)
    {
        var incoming = RequestChecks.Required(request.Customer, "customer");
        var id = checks.RequiredId(incoming.Id, "customer.id");
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        var unknown = paths.Where(p => !MutablePaths.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidArgumentException("update_mask", $"unknown or immutable paths: {Echo.List(unknown)}");
        }

        var stored = await customers.GetAsync(id, context.CancellationToken) ?? throw new NotFoundException("customer", id);
        var changes = EntityMapper.ToDomain(incoming);
        bool Changes(string path) => paths.Count == 0 || paths.Contains(path);
        var merged = stored with
        {
            Name = Changes("name") ? changes.Name : stored.Name,
            Email = Changes("email") ? changes.Email : stored.Email,
            Segment = Changes("segment") ? changes.Segment : stored.Segment,
            Channel = Changes("channel") ? changes.Channel : stored.Channel,
            AcquiredAt = Changes("acquired_at") ? changes.AcquiredAt : stored.AcquiredAt,
            ChurnedAt = Changes("churned_at") ? changes.ChurnedAt : stored.ChurnedAt,
            Attributes = Changes("attributes") ? changes.Attributes : stored.Attributes,
        };
        RequestChecks.ThrowIfInvalid(EntityRules.Check(merged, checks.Context()), "customer.");
        var updated = await customers.UpdateAsync(merged, context.CancellationToken);
        return new UpdateCustomerResponse { Customer = EntityMapper.ToProto(updated) };
    }

    public override async Task<ListCustomersResponse> ListCustomers(ListCustomersRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, options.Value.DefaultPageSize, options.Value.MaxPageSize);
        var filters = $"{request.Segment}\u001e{request.Channel}";
        var after = PageToken.Decode(request.PageToken, nameof(ListCustomers), filters) ?? "";
        var page = await customers.ListAsync(
            NullIfEmpty(request.Segment), NullIfEmpty(request.Channel), after, size + 1, context.CancellationToken);
        var response = new ListCustomersResponse();
        response.Customers.AddRange(page.Take(size).Select(EntityMapper.ToProto));
        if (page.Count > size)
        {
            response.NextPageToken = PageToken.Encode(nameof(ListCustomers), filters, page[size - 1].Id);
        }

        return response;
    }

    public override Task<ImportCustomersResponse> ImportCustomers(IAsyncStreamReader<ImportCustomersRequest> requestStream, ServerCallContext context) =>
        importer.RunAsync(requestStream, _import, new ImportCustomersResponse(), context.CancellationToken);

    /// <summary>Erases the customer and everything that refers to it (admin-only once API-key roles exist).</summary>
    public override async Task<DeleteCustomerResponse> DeleteCustomer(DeleteCustomerRequest request, ServerCallContext context)
    {
        var id = checks.RequiredId(request.Id, "id");
        var erased = await customers.DeleteAsync(id, context.CancellationToken) ?? throw new NotFoundException("customer", id);
        return ToProto(erased);
    }

    private static DeleteCustomerResponse ToProto(ErasedCustomer erased) => new()
    {
        Id = erased.Id,
        Transactions = erased.Transactions,
        SurveyResponses = erased.SurveyResponses,
        SupportInteractions = erased.SupportInteractions,
        ActivityEvents = erased.ActivityEvents,
        RunResults = erased.RunResults,
        CrmChanges = erased.CrmChanges,
        RejectedRows = erased.RejectedRows,
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
