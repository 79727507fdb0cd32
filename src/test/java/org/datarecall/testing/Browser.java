package org.datarecall.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromedriver}), driven by Selenium.
 * Paths are given explicitly so Selenium never looks for drivers on the network.
 */
public final class Browser {

    private Browser() {
    }

    public static ChromeDriver start() throws IOException {
        Path profile = Files.createTempDirectory("datarecall-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // A phone-sized window: the pages must work there.
        driver.manage().window().setSize(new Dimension(412, 915));
        return driver;
    }

    /** Saves a full-length screenshot under target/screenshots (a build artifact). */
    /** Signs in through the staff sign-in form (user and password alike) and waits for the overview. */
    public static void signIn(ChromeDriver browser, java.net.URL root, String user) {
        browser.manage().deleteAllCookies();
        browser.get(root + "dashboard");
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("/login"));
        browser.findElement(org.openqa.selenium.By.id("j_username")).sendKeys(user);
        browser.findElement(org.openqa.selenium.By.id("j_password")).sendKeys(user);
        browser.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.titleContains("Campaigns"));
    }

    public static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Object height = driver.executeScript("return document.documentElement.scrollHeight");
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(8000,
                ((Number) height).intValue() + 120)));
        Path file = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(before);
        return file;
    }
}
