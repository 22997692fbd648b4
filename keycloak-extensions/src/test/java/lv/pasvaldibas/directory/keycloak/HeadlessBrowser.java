package lv.pasvaldibas.directory.keycloak;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, through its chromedriver, with the steps the browser tests share:
 * Keycloak's two-page sign-in, waiting for a page, and screenshots kept in {@code target/screenshots}.
 */
public final class HeadlessBrowser implements AutoCloseable {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;

    public HeadlessBrowser(String language) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--lang=" + language);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** The realm has Organizations on, so Keycloak asks for the name first and the password on a second page. */
    public void signIn(String username, String password) {
        waitFor("username-field", d -> !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("kc-login")).click();
        waitFor("password-field", d -> !d.findElements(By.id("password")).isEmpty());
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    /** Waits for the page to satisfy {@code condition}; keeps a screenshot of what it showed instead. */
    public void waitFor(String what, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("timeout-" + what);
            throw new AssertionError("Page never showed " + what + "; screenshot target/screenshots/timeout-" + what + ".png", e);
        }
    }

    public void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
