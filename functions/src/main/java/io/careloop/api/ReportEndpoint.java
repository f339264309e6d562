package io.careloop.api;

import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.reports.Reports;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** {@code GET /reports?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv]}: days are UTC, both ends included. */
final class ReportEndpoint {
    private ReportEndpoint() {
    }

    static HttpResponse report(Reports reports, HttpRequest request) {
        LocalDate from = date(request, "from");
        LocalDate to = date(request, "to");
        String format = request.queryParam("format").orElse("json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw new ApiException(400, "format must be json or csv");
        }
        Map<String, Object> report;
        try {
            report = reports.report(from, to);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
        if (format.equals("csv")) {
            return new HttpResponse(200, Map.of("content-type", "text/csv; charset=utf-8",
                    "content-disposition", "attachment; filename=\"careloop-report-" + from + "-" + to + ".csv\""),
                    Reports.csv(report));
        }
        return HttpResponse.json(200, report);
    }

    private static LocalDate date(HttpRequest request, String name) {
        String value = request.queryParam(name)
                .orElseThrow(() -> new ApiException(400, name + " is required, a date such as 2026-11-01 (UTC days)"));
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, name + " must be a date such as 2026-11-01, not '" + value + "'");
        }
    }
}
