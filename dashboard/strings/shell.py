"""The shell (title, navigation, roles), the sign-in page and the states every page shares
(database down, empty, downloads, grids).

key: (English, Bahasa Indonesia); merged into `dashboard.i18n.CATALOGUE`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    # shell and navigation
    "app.title": ("Wi-Fi usage", "Penggunaan Wi-Fi"),
    "nav.overview": ("Overview", "Ringkasan"),
    "nav.site": ("Site", "Lokasi"),
    "nav.aps": ("Access points", "Titik akses"),
    "nav.alerts": ("Alerts", "Peringatan"),
    "nav.reports": ("Reports", "Laporan"),
    "nav.quality": ("Data quality", "Kualitas data"),
    "nav.district": ("District", "Kabupaten"),
    "nav.logout": ("Log out", "Keluar"),
    "nav.menu": ("Open or close the menu", "Buka atau tutup menu"),
    "nav.language": ("Language", "Bahasa"),
    "nav.signed_in": ("Signed in as {user} ({role})", "Masuk sebagai {user} ({role})"),
    "role.admin": ("administrator", "administrator"),
    "role.viewer": ("viewer", "pengamat"),
    "page.not_found": ("This page does not exist.", "Halaman ini tidak ada."),
    "page.not_found_title": ("Not found", "Tidak ditemukan"),
    "page.back_home": ("Back to the overview", "Kembali ke ringkasan"),
    # login
    "login.title": ("Sign in", "Masuk"),
    "login.username": ("Username", "Nama pengguna"),
    "login.password": ("Password", "Kata sandi"),
    "login.submit": ("Sign in", "Masuk"),
    "login.failed": ("Wrong username or password.", "Nama pengguna atau kata sandi salah."),
    "login.throttled": ("Too many failed attempts. Try again in {seconds} seconds.",
                        "Terlalu banyak percobaan gagal. Coba lagi dalam {seconds} detik."),
    "login.no_users": ("No dashboard users are configured: add dashboard.users to kunang.yaml "
                       "(password hashes from `kunang dashboard hash-password`).",
                       "Belum ada pengguna dasbor: tambahkan dashboard.users di kunang.yaml "
                       "(hash kata sandi dari `kunang dashboard hash-password`)."),
    "login.expired": ("The form expired; please try again.", "Formulir kedaluwarsa; silakan coba lagi."),
    "login.cross_site": ("This sign-in was sent from another site and was refused; sign in here.",
                         "Permintaan masuk ini dikirim dari situs lain dan ditolak; silakan masuk di sini."),
    # states
    "db.down": ("The database cannot be reached. Figures will come back by themselves when it is available again.",
                "Basis data tidak dapat dihubungi. Angka akan muncul kembali dengan sendirinya saat tersedia lagi."),
    "empty.fresh": ("No data yet. Add sites and access points to kunang.yaml and start the collector "
                    "(`kunang collect`); the first figures appear after the first poll.",
                    "Belum ada data. Tambahkan lokasi dan titik akses di kunang.yaml lalu jalankan pengumpul "
                    "(`kunang collect`); angka pertama muncul setelah polling pertama."),
    "empty.range": ("No data for this period.", "Tidak ada data untuk periode ini."),
    "empty.no_sites": ("No sites yet.", "Belum ada lokasi."),
    "empty.chart": ("Nothing to show yet: data appears here once the collector has polled for a while.",
                    "Belum ada yang ditampilkan: data muncul di sini setelah pengumpul berjalan beberapa saat."),
    "admin.refused": ("Only administrators can do this.", "Hanya administrator yang dapat melakukan ini."),
    "download.csv": ("CSV", "CSV"),
    "chart.failed": ("This chart could not be drawn; the error is in the dashboard's log.",
                     "Grafik ini tidak dapat digambar; galatnya ada di log dasbor."),
    "dropdown.search": ("Search", "Cari"),
    "dropdown.clear_search": ("Clear search", "Hapus pencarian"),
    "dropdown.clear_selection": ("Clear selection", "Hapus pilihan"),
    "dropdown.no_options_found": ("Nothing found", "Tidak ditemukan"),
    "dropdown.select_all": ("Select all", "Pilih semua"),
    "dropdown.deselect_all": ("Deselect all", "Batalkan semua pilihan"),
    "dropdown.selected_count": ("{num_selected} selected", "{num_selected} dipilih"),
    "grid.no_rows": ("Nothing to show", "Tidak ada yang ditampilkan"),
    "grid.loading": ("Loading…", "Memuat…"),
    "download.csv_title": ("Download this chart's data as CSV", "Unduh data grafik ini sebagai CSV"),
    "download.table_title": ("Download this table as CSV (as filtered and sorted)",
                             "Unduh tabel ini sebagai CSV (sesuai filter dan urutan)"),
    "updated": ("Last updated {when}", "Terakhir diperbarui {when}"),
    "updated.never": ("No poll yet", "Belum ada polling"),
    "estimate": ("estimate", "perkiraan"),
}
