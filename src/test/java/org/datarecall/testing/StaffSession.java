package org.datarecall.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** A staff member signed in through the form, reading the dashboard's pages over HTTP. */
public final class StaffSession {

    private final String cookie;
    private String csrf;

    private StaffSession(String cookie) {
        this.cookie = cookie;
    }

    /**
     * The sign-in form as a browser posts it: the sign-in page is opened first, and its CSRF token goes
     * back as the cookie and in the form's address. Redirects are not followed.
     */
    public static io.restassured.specification.RequestSpecification signInForm() {
        String token = given().get("/login").then().statusCode(200).extract().cookie("datarecall-csrf");
        assertThat(token).as("the sign-in page's CSRF cookie").isNotBlank();
        return given().redirects().follow(false).contentType(ContentType.URLENC).cookie("datarecall-csrf", token)
                .queryParam("csrf", token);
    }

    public static StaffSession signIn(String user) {
        Response r = signInForm().formParam("j_username", user).formParam("j_password", user)
                .post("/j_security_check");
        assertThat(r.statusCode()).isEqualTo(302);
        return new StaffSession(r.cookie("datarecall-session"));
    }

    /** The HTML of a page, which must answer 200. */
    public String page(String path) {
        Response r = given().urlEncodingEnabled(false).redirects().follow(false).cookie("datarecall-session", cookie)
                .get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        if (r.cookie("datarecall-csrf") != null) {
            csrf = r.cookie("datarecall-csrf");
        }
        return r.asString();
    }

    /** Posts a form of a page opened before, with its CSRF token; answers the response (not followed). */
    public Response post(String path, java.util.Map<String, String> fields) {
        return given().redirects().follow(false).cookie("datarecall-session", cookie).cookie("datarecall-csrf", csrf)
                .contentType(ContentType.URLENC).formParam("csrf", csrf).formParams(fields).post(path);
    }
}
