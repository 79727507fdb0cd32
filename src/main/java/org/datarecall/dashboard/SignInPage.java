package org.datarecall.dashboard;

import java.net.URI;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;

/**
 * Sign-in and sign-out for the staff pages. The form posts to Quarkus' form authentication
 * ({@code /j_security_check}), which checks the same users as the API and sets an encrypted
 * session cookie; signing out expires it.
 */
@Path("/")
@PermitAll
public class SignInPage {

    static final String SESSION_COOKIE = "datarecall-session";

    /** With OpenID Connect on, the page offers the company's sign-in (README, Single sign-on). */
    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false")
    boolean singleSignOn;

    /**
     * Reached only after the provider's code flow has signed the user in (the path is guarded by
     * {@code quarkus.http.auth.permission.sso.*} with {@code auth-mechanism=code}); on to the pages.
     */
    @GET
    @Path("login/sso")
    public RestResponse<Object> afterSingleSignOn() {
        return RestResponse.seeOther(URI.create("/dashboard"));
    }

    @CheckedTemplate(basePath = "dashboard")
    static class Templates {
        static native TemplateInstance signIn(Staff staff, String csrf, boolean failed, Integer waitMinutes,
                boolean singleSignOn);
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public RestResponse<String> signIn(@QueryParam("failed") boolean failed, @QueryParam("wait") Integer waitMinutes,
            @CookieParam(Csrf.COOKIE) Cookie csrfCookie) {
        // The form carries the browser's CSRF token in its address: the sign-in is checked before any
        // page code runs (CsrfCheck), where only the query string can be read.
        String csrf = Csrf.tokenOf(csrfCookie);
        // wait: sent back by the sign-in throttle (platform.http.SignInThrottle) after too many failures.
        boolean refused = failed && waitMinutes != null && waitMinutes > 0;
        return RestResponse.ResponseBuilder.<String> create(refused ? 429 : failed ? 401 : 200)
                .entity(Templates.signIn(null, csrf, failed, refused ? waitMinutes : null, singleSignOn).render())
                .type(MediaType.TEXT_HTML_TYPE).cookie(Csrf.cookie(csrf)).build();
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<Object> signOut() {
        NewCookie expired = new NewCookie.Builder(SESSION_COOKIE).value("").path("/").maxAge(0).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
        return RestResponse.ResponseBuilder.seeOther(URI.create("/login")).cookie(expired).build();
    }
}
