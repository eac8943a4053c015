// Starts Swagger UI on the API docs page (kept out of the HTML for the CSP).
window.addEventListener("DOMContentLoaded", () => {
  // eslint-disable-next-line no-undef
  SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
