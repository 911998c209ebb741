"""Rights requests (정보주체 권리 행사): filing, the officer's steps, deadlines and notices,
the proxy form."""
