from ninja import Router

router = Router(tags=["s3"])
