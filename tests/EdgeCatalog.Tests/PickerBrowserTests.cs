using System.Net.Sockets;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// The track picker in headless Chromium (Debian's chromium + chromium-driver, installed by scripts/install-deps.sh)
/// against the AOT edge in dev mode: load with a key, a clear 401 message, search, filter by language, play a
/// preview served from the store, pick with the keyboard. Saves artifacts/picker.png.
/// </summary>
public sealed class PickerBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private readonly EdgeWithStore _world = new();
    private EdgeServer _edge = null!;
    private ChromeDriver _browser = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver), "Debian's chromium and chromium-driver are needed: bash scripts/install-deps.sh");
        int port = FreePort();
        await _world.StartWithSampleAsync(new Dictionary<string, string?> { ["LAYERS_DEV_MODE"] = "1" }, port: port, mediaBaseUrl: $"http://127.0.0.1:{port}/media");
        _edge = _world.Edge;

        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--mute-audio",
            "--autoplay-policy=no-user-gesture-required", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--window-size=1100,900", $"--user-data-dir={_world.Dir.Combine("chromium")}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        _browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        _browser?.Quit();
        _world.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Load_search_filter_play_and_pick_in_a_real_browser()
    {
        _browser.Navigate().GoToUrl(new Uri(_edge.BaseAddress, "/picker"));

        // A wrong key: a clear message, no tracks.
        var key = _browser.FindElement(By.Id("key"));
        key.SendKeys("lm_wrong" + Keys.Enter);
        await Until(() => _browser.FindElement(By.Id("message")).Text.Contains("401"));
        Assert.Equal("alert", _browser.FindElement(By.Id("message")).GetAttribute("role"));
        Assert.Empty(Items());

        // The right key, submitted from the keyboard.
        key.Clear();
        key.SendKeys(_world.Key + Keys.Enter);
        await Until(() => Items().Count == 232);
        Assert.Equal("232 of 232 tracks", _browser.FindElement(By.Id("message")).Text);

        var search = _browser.FindElement(By.Id("search"));
        search.SendKeys("parade");
        await Until(() => Items().Count is > 0 and < 232);
        Assert.All(Items(), item => Assert.Contains("parade", item.Text, StringComparison.OrdinalIgnoreCase));
        search.Clear();
        search.SendKeys(" ");
        search.SendKeys(Keys.Backspace);
        await Until(() => Items().Count == 232);

        _browser.FindElement(By.CssSelector("#language option[value='pt']")).Click();
        await Until(() => Items().Count is > 0 and < 232);
        Assert.All(Items(), item => Assert.Contains("· pt", item.Text, StringComparison.Ordinal));

        // Play: the preview is served by the edge from the store, and really plays.
        var first = Items()[0];
        first.FindElement(By.CssSelector("button.play")).Click();
        await Until(() => _browser.ExecuteScript("const p = document.getElementById('player'); return !p.paused && p.currentTime > 0.2;") is true);
        Assert.Equal("Pause", first.FindElement(By.CssSelector("button.play")).Text);
        Assert.True(_browser.ExecuteScript("return arguments[0].naturalWidth;", first.FindElement(By.TagName("img"))) is long width && width > 0, "cover did not load");

        // Pick with the keyboard: focus the button, press Enter.
        string id = first.GetAttribute("data-id")!;
        first.FindElement(By.CssSelector("button.pick")).SendKeys(Keys.Enter);
        await Until(() => _browser.FindElement(By.Id("picked-id")).Text == id);
        Assert.Contains($"\"trackId\": \"{id}\"", _browser.FindElement(By.Id("picked-payload")).Text);
        Assert.Equal("true", first.GetAttribute("aria-current"));

        // Every control is labelled.
        foreach (string control in new[] { "key", "search", "language" })
        {
            Assert.NotEmpty(_browser.FindElement(By.Id(control)).FindElement(By.XPath("..")).Text);
        }
        Assert.StartsWith("Pick ", first.FindElement(By.CssSelector("button.pick")).GetAttribute("aria-label"));

        string artifacts = Path.Combine(RepoPaths.Root, "artifacts");
        Directory.CreateDirectory(artifacts);
        _browser.GetScreenshot().SaveAsFile(Path.Combine(artifacts, "picker.png"));
        Assert.True(new FileInfo(Path.Combine(artifacts, "picker.png")).Length > 10_000);
    }

    private IReadOnlyList<IWebElement> Items() => _browser.FindElements(By.CssSelector("#tracks li"));

    private static Task Until(Func<bool> condition) => Eventually.WaitUntilAsync(() =>
    {
        try
        {
            return condition();
        }
        catch (StaleElementReferenceException)
        {
            return false; // the page replaced the element while it was read: ask again
        }
    }, TimeSpan.FromSeconds(20), "the page to reach the expected state");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
