// Narrow the book's generated tables as the reader types. Without JavaScript the full tables are shown.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-filter-tables]").forEach((input) => {
    const tables = document.querySelectorAll(`table${input.dataset.filterTables}`);
    input.addEventListener("input", () => {
      const needle = input.value.trim().toLowerCase();
      tables.forEach((table) => {
        table.querySelectorAll("tbody tr").forEach((row) => {
          row.hidden = needle !== "" && !row.textContent.toLowerCase().includes(needle);
        });
      });
    });
  });
});
