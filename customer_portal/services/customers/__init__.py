"""The office's customers: records, the searchable list and its columns, CSV import."""
