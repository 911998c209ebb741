"""The privacy officer's desk: the admin home that shows what is due and this month's figures,
and links to each desk (rights requests, access log, 파기 대장, policy versions, self-audit,
내부관리계획 and the people who handle personal data). It reads the other parts; none reads it."""
