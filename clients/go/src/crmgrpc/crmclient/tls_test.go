package crmclient_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"crmgrpc/crmclient"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The client over TLS against a live server that wants credentials (scripts/test.sh starts one). Needs
// CRM_TLS_SERVER_URL (https://…), CRM_CA_FILE (the PEM CA of the server's certificate) and CRM_API_KEY (a
// key it accepts); CRM_TLS_BEARER_TOKEN (a JWT it accepts) for the bearer test: not CRM_BEARER_TOKEN,
// which with CRM_API_KEY would be two credentials at once.
func tlsURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("CRM_TLS_SERVER_URL")
	if url == "" || os.Getenv(crmclient.CAFileVariable) == "" || os.Getenv(crmclient.APIKeyVariable) == "" {
		t.Skip("CRM_TLS_SERVER_URL, CRM_CA_FILE and CRM_API_KEY are not all set: these tests need a TLS server that wants an API key (see scripts/test.sh)")
	}
	return url
}

// clvError makes one CalculateClv call over a new client and returns its error.
func clvError(t *testing.T, url string, opts ...crmclient.Option) error {
	t.Helper()
	c, err := crmclient.NewClient(url, append(opts, crmclient.WithCallTimeout(30*time.Second))...)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	clv, err := c.CalculateClv(context.Background(), 100, 4, 5)
	if err == nil && clv.GetClv() != 2000 {
		t.Fatalf("CLV %v, want 2000", clv.GetClv())
	}
	return err
}

func TestTLSWithTheCAFileAndTheKeySucceeds(t *testing.T) {
	url := tlsURL(t)
	if err := clvError(t, url); err != nil { // both from CRM_CA_FILE and CRM_API_KEY
		t.Fatal(err)
	}
	err := clvError(t, url, crmclient.WithCAFile(os.Getenv(crmclient.CAFileVariable)), crmclient.WithAPIKey(os.Getenv(crmclient.APIKeyVariable)))
	if err != nil {
		t.Fatal(err)
	}
}

func TestTLSWithoutTheCAFileTheCertificateIsNotTrusted(t *testing.T) {
	err := clvError(t, tlsURL(t), crmclient.WithCAFile(""))
	if status.Code(err) != codes.Unavailable || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("got %v, want UNAVAILABLE with a certificate error", err)
	}
}

func TestTLSWithoutTheKeyIsUnauthenticated(t *testing.T) {
	if err := clvError(t, tlsURL(t), crmclient.WithAPIKey("")); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("got %v, want UNAUTHENTICATED", err)
	}
}

func TestTLSBearerTokenIsReadByTheServer(t *testing.T) {
	url := tlsURL(t)
	token := os.Getenv("CRM_TLS_BEARER_TOKEN")
	if token == "" {
		t.Skip("CRM_TLS_BEARER_TOKEN is not set: the TLS server's bearer scheme is not configured")
	}
	if err := clvError(t, url, crmclient.WithBearerToken(token)); err != nil {
		t.Fatal(err)
	}
	// "not valid", not "credentials required": the server received the token and rejected it.
	err := clvError(t, url, crmclient.WithBearerToken(token+"x"))
	if status.Code(err) != codes.Unauthenticated || !strings.Contains(status.Convert(err).Message(), "not valid") {
		t.Fatalf("got %v, want UNAUTHENTICATED: not valid", err)
	}
}
