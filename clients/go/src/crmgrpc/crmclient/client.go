// Package crmclient is a small Go client of the CrmGrpc contract (crm.v1): every service over one
// connection, with helpers for the common calls. The generated stubs are crmgrpc/gen/go/crm/v1.
//
// It targets the grpc-go 1.33 API that Debian bookworm ships (grpc.DialContext, grpc.WithInsecure).
package crmclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	crmv1 "crmgrpc/gen/go/crm/v1"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Client holds one connection and a stub per crm.v1 service. The stubs are exported for any RPC the
// helpers do not cover; they are safe for concurrent use.
type Client struct {
	conn         *grpc.ClientConn
	callTimeout  time.Duration
	Customers    crmv1.CustomerServiceClient
	Transactions crmv1.TransactionServiceClient
	Engagement   crmv1.EngagementServiceClient
	Metrics      crmv1.MetricsServiceClient
	Models       crmv1.ModelServiceClient
	Uplift       crmv1.UpliftServiceClient
}

type options struct {
	dialTimeout time.Duration
	callTimeout time.Duration
	block       bool
	apiKey      *string
	bearerToken *string
	caFile      *string
	dialOptions []grpc.DialOption
}

// APIKeyHeader is the metadata key the server reads the API key from.
const APIKeyHeader = "x-api-key"

// APIKeyVariable names the environment variable the key comes from when no credential option is given.
const APIKeyVariable = "CRM_API_KEY"

// BearerTokenVariable names the environment variable the bearer token comes from when no credential option is given.
const BearerTokenVariable = "CRM_BEARER_TOKEN"

// CAFileVariable names the environment variable the CA file comes from when WithCAFile is not given.
const CAFileVariable = "CRM_CA_FILE"

// WithAPIKey sends key as x-api-key on every call. Without WithAPIKey or WithBearerToken the client sends
// $CRM_API_KEY or $CRM_BEARER_TOKEN; an empty value sends none.
func WithAPIKey(key string) Option { return func(o *options) { o.apiKey = &key } }

// WithBearerToken sends "authorization: Bearer token" on every call, instead of an API key.
func WithBearerToken(token string) Option { return func(o *options) { o.bearerToken = &token } }

// WithCAFile makes an https:// connection trust the CA certificates in the PEM file path instead of the
// system roots (default: $CRM_CA_FILE; the system roots when empty). Plaintext connections ignore it.
func WithCAFile(path string) Option { return func(o *options) { o.caFile = &path } }

// credentialMetadata is the metadata that authenticates each call: the options when either is given, else
// the environment (an explicit choice never mixes with a variable); nil when there is none.
func credentialMetadata(o options) ([]string, error) {
	key, token := os.Getenv(APIKeyVariable), os.Getenv(BearerTokenVariable)
	if o.apiKey != nil || o.bearerToken != nil {
		key, token = "", ""
		if o.apiKey != nil {
			key = *o.apiKey
		}
		if o.bearerToken != nil {
			token = *o.bearerToken
		}
	}
	switch {
	case key != "" && token != "":
		return nil, errors.New("crmclient: give an API key or a bearer token, not both")
	case key != "":
		return []string{APIKeyHeader, key}, nil
	case token != "":
		return []string{"authorization", "Bearer " + token}, nil
	}
	return nil, nil
}

// metadataInterceptors add the key-value pairs to the outgoing metadata of every unary and streaming call.
// (Per-RPC credentials would refuse plaintext connections, which the server also serves.)
func metadataInterceptors(pairs []string) []grpc.DialOption {
	unary := func(ctx context.Context, method string, req, reply interface{}, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		return invoker(metadata.AppendToOutgoingContext(ctx, pairs...), method, req, reply, cc, opts...)
	}
	stream := func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		return streamer(metadata.AppendToOutgoingContext(ctx, pairs...), desc, cc, method, opts...)
	}
	return []grpc.DialOption{grpc.WithChainUnaryInterceptor(unary), grpc.WithChainStreamInterceptor(stream)}
}

// transportCredentials is TLS for https (trusting caFile's CAs when given, else the system roots) and
// plaintext HTTP/2 otherwise.
func transportCredentials(secure bool, caFile string) (grpc.DialOption, error) {
	if !secure {
		return grpc.WithInsecure(), nil
	}
	config := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("crmclient: read CA file: %w", err)
		}
		config.RootCAs = x509.NewCertPool()
		if !config.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("crmclient: no PEM certificate in CA file %s", caFile)
		}
	}
	return grpc.WithTransportCredentials(credentials.NewTLS(config)), nil
}

// Option configures NewClient.
type Option func(*options)

// WithCallTimeout sets the deadline the helpers give each call whose context has none (default 30 s;
// 0 means none).
func WithCallTimeout(d time.Duration) Option { return func(o *options) { o.callTimeout = d } }

// WithBlock makes NewClient wait, up to d, until the connection is up, and fail otherwise.
func WithBlock(d time.Duration) Option {
	return func(o *options) { o.block = true; o.dialTimeout = d }
}

// WithDialOptions adds raw grpc.DialOptions (interceptors, message sizes, credentials …).
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(o *options) { o.dialOptions = append(o.dialOptions, opts...) }
}

// NewClient connects to addr, given as "https://host:port" (TLS) or "http://host:port" or "host:port"
// (plaintext HTTP/2). Unless WithBlock is given it returns at once and connects on the first call.
func NewClient(addr string, opts ...Option) (*Client, error) {
	o := options{callTimeout: 30 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	target, secure, err := dialTarget(addr)
	if err != nil {
		return nil, err
	}
	caFile := os.Getenv(CAFileVariable)
	if o.caFile != nil {
		caFile = *o.caFile
	}
	transport, err := transportCredentials(secure, caFile)
	if err != nil {
		return nil, err
	}
	pairs, err := credentialMetadata(o)
	if err != nil {
		return nil, err
	}
	dialOpts := append([]grpc.DialOption{transport}, o.dialOptions...)
	if pairs != nil {
		dialOpts = append(dialOpts, metadataInterceptors(pairs)...)
	}
	ctx := context.Background()
	if o.block {
		dialOpts = append(dialOpts, grpc.WithBlock())
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.dialTimeout)
		defer cancel()
	}
	conn, err := grpc.DialContext(ctx, target, dialOpts...)
	if err != nil {
		return nil, fmt.Errorf("crmclient: connect to %s: %w", addr, err)
	}
	return &Client{
		conn:         conn,
		callTimeout:  o.callTimeout,
		Customers:    crmv1.NewCustomerServiceClient(conn),
		Transactions: crmv1.NewTransactionServiceClient(conn),
		Engagement:   crmv1.NewEngagementServiceClient(conn),
		Metrics:      crmv1.NewMetricsServiceClient(conn),
		Models:       crmv1.NewModelServiceClient(conn),
		Uplift:       crmv1.NewUpliftServiceClient(conn),
	}, nil
}

// dialTarget is the host:port to dial and whether the scheme asks for TLS.
func dialTarget(addr string) (string, bool, error) {
	if !strings.Contains(addr, "://") {
		return addr, false, nil
	}
	u, err := url.Parse(addr)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false, fmt.Errorf("crmclient: unsupported address %q: use https://host:port, http://host:port or host:port", addr)
	}
	return u.Host, u.Scheme == "https", nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// withDeadline applies the default call timeout when ctx has no deadline of its own.
func (c *Client) withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok || c.callTimeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, c.callTimeout)
}

// CreateCustomer creates one customer and returns it as stored.
func (c *Client) CreateCustomer(ctx context.Context, customer *crmv1.Customer) (*crmv1.Customer, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	resp, err := c.Customers.CreateCustomer(ctx, &crmv1.CreateCustomerRequest{Customer: customer})
	if err != nil {
		return nil, err
	}
	return resp.GetCustomer(), nil
}

// GetCustomer reads one customer.
func (c *Client) GetCustomer(ctx context.Context, id string) (*crmv1.Customer, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	resp, err := c.Customers.GetCustomer(ctx, &crmv1.GetCustomerRequest{Id: id})
	if err != nil {
		return nil, err
	}
	return resp.GetCustomer(), nil
}

// ImportCustomers streams one request message per batch and returns the import summary.
func (c *Client) ImportCustomers(ctx context.Context, batches ...[]*crmv1.Customer) (*crmv1.ImportCustomersResponse, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	stream, err := c.Customers.ImportCustomers(ctx)
	if err != nil {
		return nil, err
	}
	for _, batch := range batches {
		if err := stream.Send(&crmv1.ImportCustomersRequest{Customers: batch}); err != nil {
			return nil, sendError(stream.CloseAndRecv, err)
		}
	}
	return stream.CloseAndRecv()
}

// ImportTransactions streams one request message per batch and returns the import summary.
func (c *Client) ImportTransactions(ctx context.Context, batches ...[]*crmv1.Transaction) (*crmv1.ImportTransactionsResponse, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	stream, err := c.Transactions.ImportTransactions(ctx)
	if err != nil {
		return nil, err
	}
	for _, batch := range batches {
		if err := stream.Send(&crmv1.ImportTransactionsRequest{Transactions: batch}); err != nil {
			return nil, sendError(stream.CloseAndRecv, err)
		}
	}
	return stream.CloseAndRecv()
}

// sendError turns Send's io.EOF (the server ended the call) into the call's real status.
func sendError[T any](closeAndRecv func() (T, error), err error) error {
	if err == io.EOF {
		if _, recvErr := closeAndRecv(); recvErr != nil {
			return recvErr
		}
	}
	return err
}

// CalculateClv runs the what-if CLV calculator with a lifespan:
// CLV = APV × purchases per year × lifespan (margin 1, no discounting; set the request yourself for more).
func (c *Client) CalculateClv(ctx context.Context, averagePurchaseValue, purchasesPerYear, lifespanYears float64) (*crmv1.CalculateClvResponse, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	return c.Metrics.CalculateClv(ctx, &crmv1.CalculateClvRequest{
		AveragePurchaseValue: averagePurchaseValue,
		PurchasesPerYear:     purchasesPerYear,
		LifespanYears:        &lifespanYears,
	})
}

// GetPortfolioMetrics returns every descriptive metric over the half-open period [start, end).
func (c *Client) GetPortfolioMetrics(ctx context.Context, start, end time.Time, groupBy *crmv1.GroupBy) (*crmv1.GetPortfolioMetricsResponse, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	return c.Metrics.GetPortfolioMetrics(ctx, &crmv1.GetPortfolioMetricsRequest{
		Period:  &crmv1.Period{Start: timestamppb.New(start), End: timestamppb.New(end)},
		GroupBy: groupBy,
	})
}

// StreamCustomerMetrics runs the bulk recalculation and calls fn with each message as it arrives (its
// payload is a progress or a batch). It returns fn's first error, or the stream's. The stream is bound
// by ctx only: give it a deadline if you want one.
func (c *Client) StreamCustomerMetrics(ctx context.Context, req *crmv1.StreamCustomerMetricsRequest, fn func(*crmv1.StreamCustomerMetricsResponse) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.Metrics.StreamCustomerMetrics(ctx, req)
	if err != nil {
		return err
	}
	for {
		msg, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(msg); err != nil {
			return err
		}
	}
}

// FieldViolations returns the field violations of every google.rpc.BadRequest detail that the server
// attached to err (sent in the grpc-status-details-bin trailer); nil when there are none.
func FieldViolations(err error) []*errdetails.BadRequest_FieldViolation {
	st, ok := status.FromError(err)
	if !ok {
		return nil
	}
	var violations []*errdetails.BadRequest_FieldViolation
	for _, detail := range st.Details() {
		if br, ok := detail.(*errdetails.BadRequest); ok {
			violations = append(violations, br.GetFieldViolations()...)
		}
	}
	return violations
}
