"""The import of children, parents and their links from the childcare administration.

- ``parsing``: the uploaded bytes → a header and a stream of rows (CSV or .xlsx), refusing
  what is not a readable spreadsheet with a Dutch message;
- ``mapping``: our fields, their columns, the remembered choice;
- ``rows``: one row → what it means (values, problems), checked against the organisation;
- ``preview``: the check job, which writes one ``ImportRow`` per row;
- ``commit``: the write job, all or nothing;
- ``report``: the CSV report, safe against formula injection.

See docs/import.md for the file format.
"""
