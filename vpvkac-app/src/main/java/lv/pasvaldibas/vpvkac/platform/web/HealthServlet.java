package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * {@code GET /health}, open to all (web.xml): 200 when the database answers, 503 when it does not,
 * for {@code bin/platform status} and load balancers. Tells nothing else.
 */
@WebServlet("/health")
public class HealthServlet extends HttpServlet {

    @Resource(lookup = "java:jboss/datasources/VpvkacDS")
    DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean up;
        try (Connection connection = dataSource.getConnection()) {
            up = connection.isValid(2);
        } catch (SQLException e) {
            up = false;
        }
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.getWriter().write(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }
}
