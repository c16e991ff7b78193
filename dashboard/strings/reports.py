"""The reports page.

key: (English, Bahasa Indonesia); merged into `dashboard.i18n.CATALOGUE`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "reports.title": ("Reports", "Laporan"),
    "reports.list": ("Monthly reports", "Laporan bulanan"),
    "reports.none": ("No reports yet.", "Belum ada laporan."),
    "reports.generate": ("Generate", "Buat"),
    "reports.month": ("Month", "Bulan"),
    "reports.generated": ("Report generated: {files}", "Laporan dibuat: {files}"),
    "reports.failed": ("The report could not be generated: {error}", "Laporan tidak dapat dibuat: {error}"),
    "reports.unavailable": ("Report generation is not available in this installation.",
                            "Pembuatan laporan tidak tersedia di instalasi ini."),
    "reports.download": ("Download", "Unduh"),
}
