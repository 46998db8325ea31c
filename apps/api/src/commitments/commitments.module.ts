import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { CommitmentsController } from './commitments.controller';
import { CommitmentsRepository } from './commitments.repository';
import { CommitmentsService } from './commitments.service';

/** Commitments on items of agreements in force, and their check-ins (issue 26, item 1). */
@Module({
  imports: [AgreementsModule],
  controllers: [CommitmentsController],
  providers: [CommitmentsRepository, CommitmentsService],
  exports: [CommitmentsService, CommitmentsRepository],
})
export class CommitmentsModule {}
