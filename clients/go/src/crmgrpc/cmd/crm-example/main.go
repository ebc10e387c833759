// Command crm-example is the crm.v1 tour in Go: client-streamed imports, the CLV calculator, portfolio
// metrics, the server-streamed recalculation, and an INVALID_ARGUMENT with its google.rpc.BadRequest.
//
// Usage: crm-example http://127.0.0.1:PORT   (exits non-zero on any failure; ids carry a per-run suffix)
// Over TLS: https://HOST:PORT, with CRM_CA_FILE for a private CA; CRM_API_KEY or CRM_BEARER_TOKEN when the
// server wants credentials (crmclient.NewClient reads all three).
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"time"

	"crmgrpc/crmclient"
	crmv1 "crmgrpc/gen/go/crm/v1"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: crm-example http://127.0.0.1:PORT")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "example: FAILED: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("\nexample: all steps passed")
}

func utc(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 12, 0, 0, 0, time.UTC)
}

func optional(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.4f", *v)
}

func run(url string) error {
	suffix := make([]byte, 5)
	if _, err := rand.Read(suffix); err != nil {
		return err
	}
	runID := "go-" + hex.EncodeToString(suffix)
	segment := "example-" + runID
	ctx := context.Background()

	c, err := crmclient.NewClient(url, crmclient.WithBlock(10*time.Second))
	if err != nil {
		return err
	}
	defer c.Close()

	fmt.Printf("== 1. import customers and transactions by client streaming (run %s)\n", runID)
	var ids []string
	var customers []*crmv1.Customer
	for n := 1; n <= 5; n++ {
		id := fmt.Sprintf("%s-c%d", runID, n)
		channel, tier := "paid_search", "silver"
		if n%2 == 1 {
			channel = "referral"
		}
		if n < 3 {
			tier = "gold"
		}
		ids = append(ids, id)
		customers = append(customers, &crmv1.Customer{Id: id, Name: fmt.Sprintf("Customer %d", n), Segment: segment,
			Channel: channel, AcquiredAt: timestamppb.New(utc(2023, time.Month(n), 10)),
			Attributes: map[string]string{"tier": tier}})
	}
	badCustomer := &crmv1.Customer{Id: runID + "-bad", Name: "No acquisition date", Segment: segment}
	second := []*crmv1.Customer{customers[3], customers[4], badCustomer}
	cs, err := c.ImportCustomers(ctx, customers[:3], second)
	if err != nil {
		return fmt.Errorf("ImportCustomers: %w", err)
	}
	fmt.Printf("customers: accepted=%d duplicates=%d rejected=%d\n", cs.GetAccepted(), cs.GetDuplicates(), cs.GetRejected())
	for _, e := range cs.GetErrors() {
		fmt.Printf("  rejected %s at %d: %s: %s\n", e.GetId(), e.GetPosition(), e.GetField(), e.GetReason())
	}
	if cs.GetAccepted() != 5 || cs.GetDuplicates() != 0 || cs.GetRejected() != 1 {
		return fmt.Errorf("customer summary %v", cs)
	}
	if e := cs.GetErrors()[0]; e.GetId() != badCustomer.GetId() || e.GetField() != "acquired_at" {
		return fmt.Errorf("rejected customer %v, expected %s without acquired_at", e, badCustomer.GetId())
	}

	var good []*crmv1.Transaction
	for n := 1; n <= 8; n++ {
		saleType := crmv1.SaleType_SALE_TYPE_REPEAT
		if n <= 5 {
			saleType = crmv1.SaleType_SALE_TYPE_NEW
		}
		good = append(good, &crmv1.Transaction{Id: fmt.Sprintf("%s-t%d", runID, n), CustomerId: ids[(n-1)%5],
			OccurredAt: timestamppb.New(utc(2023, time.Month(6+(n-1)/5*3), n)), AmountMinor: int64(1000 * n),
			Currency: "USD", Kind: crmv1.TransactionKind_TRANSACTION_KIND_PURCHASE, SaleType: saleType})
	}
	badTx := &crmv1.Transaction{Id: runID + "-t-bad", CustomerId: ids[0], OccurredAt: timestamppb.New(utc(2023, 7, 1)),
		AmountMinor: 0, Currency: "USD", Kind: crmv1.TransactionKind_TRANSACTION_KIND_PURCHASE}
	withBad := []*crmv1.Transaction{good[4], good[5], good[6], badTx}
	ts, err := c.ImportTransactions(ctx, good[:4], withBad, []*crmv1.Transaction{good[0], good[7]})
	if err != nil {
		return fmt.Errorf("ImportTransactions: %w", err)
	}
	fmt.Printf("transactions: accepted=%d duplicates=%d rejected=%d\n", ts.GetAccepted(), ts.GetDuplicates(), ts.GetRejected())
	for _, e := range ts.GetErrors() {
		fmt.Printf("  rejected %s at %d: %s: %s\n", e.GetId(), e.GetPosition(), e.GetField(), e.GetReason())
	}
	if ts.GetAccepted() != 8 || ts.GetDuplicates() != 1 || ts.GetRejected() != 1 {
		return fmt.Errorf("transaction summary %v", ts)
	}
	if e := ts.GetErrors()[0]; e.GetId() != badTx.GetId() || e.GetField() != "amount_minor" {
		return fmt.Errorf("rejected transaction %v, expected %s (zero amount)", e, badTx.GetId())
	}

	fmt.Println("\n== 2. MetricsService.CalculateClv (APV 100, 4 purchases a year, 5 years)")
	clv, err := c.CalculateClv(ctx, 100, 4, 5)
	if err != nil {
		return fmt.Errorf("CalculateClv: %w", err)
	}
	fmt.Printf("clv=%v method=%q annual_value=%v\n", clv.GetClv(), clv.GetMethod(), clv.GetAnnualValue())
	if math.Abs(clv.GetClv()-2000) > 1e-6 {
		return fmt.Errorf("clv is %v, expected 2000", clv.GetClv())
	}

	fmt.Println("\n== 3. MetricsService.GetPortfolioMetrics for [2023-01-01, 2025-01-01)")
	book, err := c.GetPortfolioMetrics(ctx, time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		return fmt.Errorf("GetPortfolioMetrics: %w", err)
	}
	fmt.Printf("average_purchase_value=%s purchase_frequency=%s customer_value=%s historical_clv=%s\n",
		optional(book.AveragePurchaseValue), optional(book.PurchaseFrequency), optional(book.CustomerValue), optional(book.HistoricalClv))
	fmt.Printf("churn_rate=%s retention_rate=%s repeat_purchase_rate=%s\n",
		optional(book.ChurnRate), optional(book.RetentionRate), optional(book.RepeatPurchaseRate))
	fmt.Printf("customers_acquired=%d purchases=%d revenue=%.2f\n", book.GetCustomersAcquired(), book.GetPurchases(), book.GetRevenue())
	for _, u := range book.GetUnavailable() {
		fmt.Printf("  unavailable %s: %s\n", u.GetMetric(), u.GetReason())
	}
	if book.GetCustomersAcquired() < 5 || book.GetPurchases() < 8 {
		return fmt.Errorf("the period does not hold this run's data: %d customers acquired, %d purchases", book.GetCustomersAcquired(), book.GetPurchases())
	}
	if book.AveragePurchaseValue == nil || *book.AveragePurchaseValue <= 0 {
		return fmt.Errorf("average_purchase_value not computed")
	}

	fmt.Println("\n== 4. MetricsService.StreamCustomerMetrics, batch by batch")
	var seen []string
	var last *crmv1.RecalculationProgress
	streamCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	req := &crmv1.StreamCustomerMetricsRequest{Filter: &crmv1.CustomerFilter{CustomerIds: ids}, BatchSize: 2}
	err = c.StreamCustomerMetrics(streamCtx, req, func(m *crmv1.StreamCustomerMetricsResponse) error {
		switch p := m.GetPayload().(type) {
		case *crmv1.StreamCustomerMetricsResponse_Progress:
			last = p.Progress
			fmt.Printf("progress: %d/%d\n", p.Progress.GetDone(), p.Progress.GetTotal())
		case *crmv1.StreamCustomerMetricsResponse_Batch:
			var parts []string
			for _, cm := range p.Batch.GetCustomers() {
				seen = append(seen, cm.GetCustomerId())
				parts = append(parts, fmt.Sprintf("%s clv=%.2f", cm.GetCustomerId(), cm.GetHistoricalClv()))
			}
			fmt.Println("batch: " + strings.Join(parts, ", "))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("StreamCustomerMetrics: %w", err)
	}
	sort.Strings(seen)
	if strings.Join(seen, ",") != strings.Join(ids, ",") {
		return fmt.Errorf("streamed customers %v, expected %v", seen, ids)
	}
	if last == nil || last.GetDone() != 5 || last.GetTotal() != 5 {
		return fmt.Errorf("final progress %v, expected 5/5", last)
	}

	fmt.Println("\n== 5. INVALID_ARGUMENT with google.rpc.BadRequest from grpc-status-details-bin")
	_, err = c.CreateCustomer(ctx, &crmv1.Customer{Id: runID + "-invalid", Name: "No acquisition date"})
	if err == nil {
		return fmt.Errorf("CreateCustomer without acquired_at succeeded")
	}
	st := status.Convert(err)
	fmt.Printf("%s: %s\n", st.Code(), st.Message())
	named := false
	for _, v := range crmclient.FieldViolations(err) {
		fmt.Printf("  field %s: %s\n", v.GetField(), v.GetDescription())
		named = named || v.GetField() == "customer.acquired_at"
	}
	if st.Code() != codes.InvalidArgument || !named {
		return fmt.Errorf("expected INVALID_ARGUMENT naming customer.acquired_at, got %v", err)
	}
	return nil
}
