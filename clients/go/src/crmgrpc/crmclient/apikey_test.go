package crmclient_test

import (
	"context"
	"io"
	"net"
	"reflect"
	"sync"
	"testing"

	"crmgrpc/crmclient"
	crmv1 "crmgrpc/gen/go/crm/v1"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// recorder answers GetCustomer and ImportCustomers, recording each call's x-api-key and authorization
// ("" when absent).
type recorder struct {
	crmv1.UnimplementedCustomerServiceServer
	mu             sync.Mutex
	keys           []string
	authorizations []string
}

func (r *recorder) record(ctx context.Context) {
	md, _ := metadata.FromIncomingContext(ctx)
	first := func(name string) string {
		if values := md.Get(name); len(values) > 0 {
			return values[0]
		}
		return ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, first(crmclient.APIKeyHeader))
	r.authorizations = append(r.authorizations, first("authorization"))
}

func (r *recorder) GetCustomer(ctx context.Context, req *crmv1.GetCustomerRequest) (*crmv1.GetCustomerResponse, error) {
	r.record(ctx)
	return &crmv1.GetCustomerResponse{Customer: &crmv1.Customer{Id: req.Id}}, nil
}

func (r *recorder) ImportCustomers(stream crmv1.CustomerService_ImportCustomersServer) error {
	r.record(stream.Context())
	var accepted int64
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			return stream.SendAndClose(&crmv1.ImportCustomersResponse{Accepted: accepted})
		}
		if err != nil {
			return err
		}
		accepted += int64(len(req.Customers))
	}
}

func startRecorder(t *testing.T) (*recorder, string) {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := grpc.NewServer()
	rec := &recorder{}
	crmv1.RegisterCustomerServiceServer(server, rec)
	go server.Serve(listener)
	t.Cleanup(server.Stop)
	return rec, "http://" + listener.Addr().String()
}

func callBoth(t *testing.T, url string, opts ...crmclient.Option) {
	t.Helper()
	c, err := crmclient.NewClient(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got, err := c.GetCustomer(context.Background(), "c-1"); err != nil || got.Id != "c-1" {
		t.Fatalf("GetCustomer: %v %v", got, err)
	}
	if got, err := c.ImportCustomers(context.Background(), []*crmv1.Customer{{Id: "c-2"}}); err != nil || got.Accepted != 1 {
		t.Fatalf("ImportCustomers: %v %v", got, err)
	}
}

func TestAPIKeyIsSentOnUnaryAndStreamingCalls(t *testing.T) {
	t.Setenv(crmclient.APIKeyVariable, "")
	t.Setenv(crmclient.BearerTokenVariable, "")
	rec, url := startRecorder(t)
	callBoth(t, url, crmclient.WithAPIKey("k-123"))
	if want := []string{"k-123", "k-123"}; !reflect.DeepEqual(rec.keys, want) {
		t.Fatalf("keys %q, want %q", rec.keys, want)
	}
}

func TestAPIKeyComesFromTheVariableUnlessGivenAndNoneWithout(t *testing.T) {
	t.Setenv(crmclient.BearerTokenVariable, "")
	rec, url := startRecorder(t)
	t.Setenv(crmclient.APIKeyVariable, "from-env")
	callBoth(t, url)
	callBoth(t, url, crmclient.WithAPIKey("given"))
	callBoth(t, url, crmclient.WithAPIKey(""))
	t.Setenv(crmclient.APIKeyVariable, "")
	callBoth(t, url)
	if want := []string{"from-env", "from-env", "given", "given", "", "", "", ""}; !reflect.DeepEqual(rec.keys, want) {
		t.Fatalf("keys %q, want %q", rec.keys, want)
	}
}

func TestBearerTokenIsSentAsAuthorizationInsteadOfAKey(t *testing.T) {
	t.Setenv(crmclient.APIKeyVariable, "from-env") // an explicit token does not mix with the variable's key
	t.Setenv(crmclient.BearerTokenVariable, "")
	rec, url := startRecorder(t)
	callBoth(t, url, crmclient.WithBearerToken("t-456"))
	if want := []string{"Bearer t-456", "Bearer t-456"}; !reflect.DeepEqual(rec.authorizations, want) {
		t.Fatalf("authorizations %q, want %q", rec.authorizations, want)
	}
	if want := []string{"", ""}; !reflect.DeepEqual(rec.keys, want) {
		t.Fatalf("keys %q, want %q", rec.keys, want)
	}
}

func TestBearerTokenComesFromTheVariableWhenNoCredentialIsGiven(t *testing.T) {
	t.Setenv(crmclient.APIKeyVariable, "")
	t.Setenv(crmclient.BearerTokenVariable, "from-env")
	rec, url := startRecorder(t)
	callBoth(t, url)
	callBoth(t, url, crmclient.WithAPIKey("given"))
	if want := []string{"Bearer from-env", "Bearer from-env", "", ""}; !reflect.DeepEqual(rec.authorizations, want) {
		t.Fatalf("authorizations %q, want %q", rec.authorizations, want)
	}
	if want := []string{"", "", "given", "given"}; !reflect.DeepEqual(rec.keys, want) {
		t.Fatalf("keys %q, want %q", rec.keys, want)
	}
}

func TestAKeyAndATokenTogetherAreRefused(t *testing.T) {
	if _, err := crmclient.NewClient("http://127.0.0.1:1", crmclient.WithAPIKey("k"), crmclient.WithBearerToken("t")); err == nil {
		t.Fatal("NewClient accepted an API key and a bearer token")
	}
	t.Setenv(crmclient.APIKeyVariable, "k")
	t.Setenv(crmclient.BearerTokenVariable, "t")
	if _, err := crmclient.NewClient("http://127.0.0.1:1"); err == nil {
		t.Fatal("NewClient accepted CRM_API_KEY and CRM_BEARER_TOKEN")
	}
}
