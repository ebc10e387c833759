package crmclient_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"math"
	"os"
	"reflect"
	"testing"
	"time"

	"crmgrpc/crmclient"
	crmv1 "crmgrpc/gen/go/crm/v1"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// connect returns a client of the server at CRM_SERVER_URL, or skips the test when it is unset.
func connect(t *testing.T) *crmclient.Client {
	t.Helper()
	url := os.Getenv("CRM_SERVER_URL")
	if url == "" {
		t.Skip("CRM_SERVER_URL is not set: these tests need a live CrmGrpc server (see test.sh)")
	}
	c, err := crmclient.NewClient(url, crmclient.WithBlock(10*time.Second), crmclient.WithCallTimeout(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// runID is a unique prefix per test, so reruns against the same server never collide.
func runID(t *testing.T) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "got-" + hex.EncodeToString(b)
}

func customer(id string) *crmv1.Customer {
	return &crmv1.Customer{Id: id, Name: "Test " + id, Segment: "go-tests", Channel: "referral",
		AcquiredAt: timestamppb.New(time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC))}
}

func purchase(id, customerID string, cents int64) *crmv1.Transaction {
	return &crmv1.Transaction{Id: id, CustomerId: customerID, AmountMinor: cents, Currency: "USD",
		OccurredAt: timestamppb.New(time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)),
		Kind:       crmv1.TransactionKind_TRANSACTION_KIND_PURCHASE}
}

func TestUnaryCreateThenGetCustomer(t *testing.T) {
	c, id := connect(t), runID(t)+"-c"
	ctx := context.Background()
	if _, err := c.CreateCustomer(ctx, customer(id)); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetCustomer(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetName() != "Test "+id || !got.GetAcquiredAt().AsTime().Equal(time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("got %v", got)
	}
	_, err = c.GetCustomer(ctx, id+"-missing")
	if status.Code(err) != codes.NotFound {
		t.Fatalf("unknown id: got %v, want NOT_FOUND", err)
	}
}

func TestClientStreamingImportReportsTheBadRow(t *testing.T) {
	c, run := connect(t), runID(t)
	ctx := context.Background()
	sum, err := c.ImportCustomers(ctx, []*crmv1.Customer{customer(run + "-a")}, []*crmv1.Customer{customer(run + "-b")})
	if err != nil {
		t.Fatal(err)
	}
	if sum.GetAccepted() != 2 || sum.GetRejected() != 0 {
		t.Fatalf("customers: %v", sum)
	}
	t1 := purchase(run+"-t1", run+"-a", 1500)
	bad := purchase(run+"-t3", run+"-nobody", 700)
	tx, err := c.ImportTransactions(ctx, []*crmv1.Transaction{t1, purchase(run+"-t2", run+"-b", 2500)}, []*crmv1.Transaction{bad, t1})
	if err != nil {
		t.Fatal(err)
	}
	if tx.GetAccepted() != 2 || tx.GetDuplicates() != 1 || tx.GetRejected() != 1 || len(tx.GetErrors()) != 1 {
		t.Fatalf("transactions: %v", tx)
	}
	if e := tx.GetErrors()[0]; e.GetId() != bad.GetId() || e.GetField() != "customer_id" || e.GetPosition() != 2 {
		t.Fatalf("error: %v", e)
	}
}

func TestCalculateClv(t *testing.T) {
	c := connect(t)
	resp, err := c.CalculateClv(context.Background(), 100, 4, 5)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(resp.GetClv()-2000) > 1e-6 {
		t.Fatalf("clv %v, want 2000", resp.GetClv())
	}
}

func TestServerStreamingCustomerMetricsInBatches(t *testing.T) {
	c, run := connect(t), runID(t)
	ctx := context.Background()
	ids := []string{run + "-s0", run + "-s1", run + "-s2"}
	var customers []*crmv1.Customer
	var txs []*crmv1.Transaction
	for _, id := range ids {
		customers = append(customers, customer(id))
		txs = append(txs, purchase(id+"-t", id, 1000))
	}
	if sum, err := c.ImportCustomers(ctx, customers); err != nil || sum.GetAccepted() != 3 {
		t.Fatalf("customers: %v %v", sum, err)
	}
	if sum, err := c.ImportTransactions(ctx, txs); err != nil || sum.GetAccepted() != 3 {
		t.Fatalf("transactions: %v %v", sum, err)
	}
	var batches [][]string
	var last *crmv1.RecalculationProgress
	req := &crmv1.StreamCustomerMetricsRequest{Filter: &crmv1.CustomerFilter{CustomerIds: ids}, BatchSize: 2}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err := c.StreamCustomerMetrics(ctx, req, func(m *crmv1.StreamCustomerMetricsResponse) error {
		switch p := m.GetPayload().(type) {
		case *crmv1.StreamCustomerMetricsResponse_Batch:
			var got []string
			for _, cm := range p.Batch.GetCustomers() {
				got = append(got, cm.GetCustomerId())
			}
			batches = append(batches, got)
		case *crmv1.StreamCustomerMetricsResponse_Progress:
			last = p.Progress
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{ids[:2], ids[2:]}; !reflect.DeepEqual(batches, want) {
		t.Fatalf("batches %v, want %v", batches, want)
	}
	if last == nil || last.GetDone() != 3 || last.GetTotal() != 3 {
		t.Fatalf("last progress %v, want 3/3", last)
	}
}

func TestInvalidArgumentCarriesBadRequestFieldViolations(t *testing.T) {
	c := connect(t)
	_, err := c.CreateCustomer(context.Background(), &crmv1.Customer{Name: "nobody"})
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("got %v, want INVALID_ARGUMENT", err)
	}
	fields := map[string]bool{}
	for _, v := range crmclient.FieldViolations(err) {
		fields[v.GetField()] = true
	}
	if !fields["customer.id"] || !fields["customer.acquired_at"] {
		t.Fatalf("field violations %v, want customer.id and customer.acquired_at", fields)
	}
}
