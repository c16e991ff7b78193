SELECT filename, format, content FROM report_file WHERE id = %(id)s;
