package org.datarecall.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.datarecall.testing.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The staff pages through the provider's authorization code flow, in a real browser: the sign-in page
 * offers the company sign-in, the provider's login form signs in, and the pages open with the roles
 * the provider's groups map to.
 */
@QuarkusTest
@TestProfile(CodeFlowSignInTest.CodeFlow.class)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = true)
class CodeFlowSignInTest {

    /** What an operator sets for single sign-on on the staff pages. */
    public static class CodeFlow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(Map.entry("quarkus.oidc.tenant-enabled", "true"),
                    Map.entry("quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/"),
                    // The test provider issues ID tokens for this audience.
                    Map.entry("quarkus.oidc.client-id", "https://id.server.example.com"),
                    Map.entry("quarkus.oidc.credentials.secret", "secret"),
                    Map.entry("quarkus.oidc.application-type", "hybrid"),
                    Map.entry("quarkus.http.auth.permission.sso.paths", "/login/sso"),
                    Map.entry("quarkus.http.auth.permission.sso.policy", "authenticated"),
                    Map.entry("quarkus.http.auth.permission.sso.auth-mechanism", "code"),
                    Map.entry("quarkus.http.auth.roles-mapping.\"admin\"", "manager"));
        }
    }

    @TestHTTPResource("/")
    URL root;

    ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        browser = Browser.start();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_manager_signs_in_through_the_provider() throws Exception {
        browser.get(root + "dashboard");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sso")));
        browser.findElement(By.id("sso")).click();
        // The provider's own login form.
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice");
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.titleContains("Campaigns"));
        assertThat(browser.findElement(By.tagName("header")).getText()).contains("alice").contains("manager");
        assertThat(browser.findElements(By.id("new-campaign"))).isNotEmpty();

        // The provider's session cookies open the pages, never the JSON API: a page elsewhere that made this
        // browser call the API would act with the manager's rights.
        String cookies = browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        assertThat(cookies).contains("q_session");
        io.restassured.RestAssured.given().redirects().follow(false).header("Cookie", cookies)
                .get(root + "dashboard").then().statusCode(200);
        int api = io.restassured.RestAssured.given().redirects().follow(false).header("Cookie", cookies)
                .get(root + "api/v1/campaigns").then().extract().statusCode();
        assertThat(api).as("the API with the provider's session cookie").isIn(401, 302);
    }
}
