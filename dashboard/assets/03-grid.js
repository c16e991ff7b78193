/* Kunang dashboard: numbers in tables formatted in the user's language (not the browser's locale);
   the cell keeps the number, so sorting, filtering and the CSV export use the number itself. */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
dagfuncs.kunangNumber = function (value, lang) {
  if (value === null || value === undefined || value === "" || Number.isNaN(Number(value))) return "–";
  return new Intl.NumberFormat(lang === "en" ? "en-GB" : "id-ID", {maximumFractionDigits: 1}).format(Number(value));
};
