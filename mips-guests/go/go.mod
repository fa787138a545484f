module zkmips/guests

go 1.19
