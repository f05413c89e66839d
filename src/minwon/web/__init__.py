"""Server-rendered pages for citizens (the portal's catalog browser)."""
