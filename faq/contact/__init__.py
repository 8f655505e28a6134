"""The contact form: messages to the institute, routed to whoever answers them."""
