// Package e2e drives the platform end to end in a real headless browser
// (Debian's chromium through chromedp). Browser tests skip with a message
// when chromium is missing, unless KETENTEST_REQUIRE_BROWSER=1: then they fail.
package e2e

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian installs chromium.
const ChromiumPath = "/usr/bin/chromium"

// EnvRequire makes a missing browser a failure instead of a skip.
const EnvRequire = "KETENTEST_REQUIRE_BROWSER"

// Browser starts a headless chromium for the test and returns a chromedp
// context bound to it; the browser is closed when the test ends.
func Browser(t testing.TB) context.Context {
	t.Helper()
	return BrowserFor(t, 90*time.Second)
}

// BrowserFor is Browser for a story that needs longer than 90 seconds.
func BrowserFor(t testing.TB, limit time.Duration) context.Context {
	t.Helper()
	path := ChromiumPath
	if _, err := os.Stat(path); err != nil {
		if p, lerr := exec.LookPath("chromium"); lerr == nil {
			path = p
		} else if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("browser test: %s not found and %s=1 (install Debian's chromium)", ChromiumPath, EnvRequire)
		} else {
			t.Skipf("browser test skipped: %s not found (install Debian's chromium, or set %s=1 to make this a failure)", ChromiumPath, EnvRequire)
		}
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1366, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Screenshot saves a full-page PNG of the current page to
// $KETENTEST_SCREENSHOT_DIR/name.png when that variable is set.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	dir := os.Getenv("KETENTEST_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	_ = os.WriteFile(dir+"/"+name+".png", buf, 0o644)
}
