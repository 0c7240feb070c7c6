"""The one task the worker runs for every background job."""

from django_tasks import task


@task()
def run_background_job(job_id):
    from .services import job_run

    job_run(job_id=job_id)
