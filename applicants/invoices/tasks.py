from django.tasks import task


@task
def send_invoice(invoice_id, attempt=0):
    raise NotImplementedError
